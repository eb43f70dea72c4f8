package dev.synergen.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One setting, declared once (in the style of Spark's {@code ConfigBuilder}): its dotted key, type,
 * default, allowed range and doc. Reading it from {@link Settings}, the command-line flag that sets
 * it and its line in {@code --help} are all derived from this declaration.
 *
 * @param <T> the value type; the default may be null ("not set": the reader decides, see {@link #defaultText})
 */
public final class Setting<T> {
  private final String key;
  private final String doc;
  private final T defaultValue;
  private final String defaultText;
  private final String flag;
  private final String paramLabel;
  private final String range;
  private final Reader<T> reader;

  /** Reads a typed, range-checked value of {@code key} from settings, or {@code fallback} when it is unset. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Settings settings, String key, T fallback);
  }

  private Setting(Builder<T> b) {
    this.key = Objects.requireNonNull(b.key);
    this.doc = Objects.requireNonNull(b.doc, () -> "setting " + b.key + " needs a doc");
    this.defaultValue = b.defaultValue;
    this.defaultText = b.defaultText != null ? b.defaultText : b.defaultValue == null ? "none" : format(b.defaultValue);
    this.flag = b.flag;
    this.paramLabel = b.paramLabel;
    this.range = b.range;
    this.reader = b.reader;
    if (!key.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+") && !key.equals("lakehouse")) {
      throw new IllegalArgumentException("setting key must be dotted lower_snake_case, got '" + key + "'");
    }
    if (flag != null && !flag.startsWith("--")) {
      throw new IllegalArgumentException("flag of " + key + " must start with --, got '" + flag + "'");
    }
  }

  public static Builder<Integer> integer(String key, Integer defaultValue, int min, int max) {
    return new Builder<Integer>(key, defaultValue, "N", range(min, max, max >= Integer.MAX_VALUE / 2),
        (s, k, f) -> s.has(k) ? Integer.valueOf(s.integer(k, 0, min, max)) : f);
  }

  public static Builder<Long> longValue(String key, Long defaultValue, long min, long max) {
    return new Builder<Long>(key, defaultValue, "N", min == Long.MIN_VALUE ? "any integer"
        : range(min, max, max >= Long.MAX_VALUE / 4),
        (s, k, f) -> s.has(k) ? Long.valueOf(s.longValue(k, 0, min, max)) : f);
  }

  public static Builder<Double> decimal(String key, Double defaultValue, double min, double max) {
    return new Builder<Double>(key, defaultValue, "X", decimalRange(min, max),
        (s, k, f) -> s.has(k) ? Double.valueOf(s.decimal(k, 0, min, max)) : f);
  }

  public static Builder<Boolean> bool(String key, Boolean defaultValue) {
    return new Builder<Boolean>(key, defaultValue, "BOOL", "true or false", (s, k, f) -> s.has(k) ? Boolean.valueOf(s.bool(k, false)) : f);
  }

  public static Builder<String> string(String key, String defaultValue) {
    return new Builder<String>(key, defaultValue, "VALUE", null, (s, k, f) -> {
      String v = s.string(k, f);
      return v == null ? null : v.trim();
    });
  }

  /** A string from a fixed set (compared lower-case). */
  public static Builder<String> choice(String key, String defaultValue, String... choices) {
    List<String> allowed = Arrays.asList(choices);
    return new Builder<String>(key, defaultValue, "NAME", String.join(", ", choices), (s, k, f) -> {
      String v = s.string(k, f);
      if (v == null) {
        return null;
      }
      String lower = v.trim().toLowerCase(Locale.ROOT);
      if (!allowed.contains(lower)) {
        throw s.badValue(k, v, "one of " + allowed);
      }
      return lower;
    });
  }

  public static <E extends Enum<E>> Builder<E> enumValue(String key, E defaultValue, Class<E> type) {
    String names = String.join(", ", Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    return new Builder<E>(key, defaultValue, "NAME", names, (s, k, f) -> s.enumValue(k, f, type));
  }

  /** A comma-separated list of non-blank strings. */
  public static Builder<List<String>> list(String key) {
    return new Builder<List<String>>(key, List.of(), "A,B", null, (s, k, f) -> {
      String v = s.string(k, null);
      return v == null ? f : Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    });
  }

  private static String range(long min, long max, boolean unbounded) {
    return unbounded ? ">= " + min : "[" + min + ", " + max + "]";
  }

  private static String decimalRange(double min, double max) {
    String low = min == Double.MIN_VALUE ? "(0" : "[" + plain(min);
    return max >= Double.MAX_VALUE / 2 ? (min == Double.MIN_VALUE ? "> 0" : ">= " + plain(min)) : low + ", " + plain(max) + "]";
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** The value in {@code settings}, else the declared default. */
  public T get(Settings settings) {
    settings.declare(key);
    return reader.read(settings, key, defaultValue);
  }

  /** The value in {@code settings}, else {@code fallback} (a default known only at run time). */
  public T getOr(Settings settings, T fallback) {
    settings.declare(key);
    return reader.read(settings, key, fallback);
  }

  /** The value, which must be set (or have a default). */
  public T require(Settings settings) {
    T v = get(settings);
    if (v == null || v instanceof String str && str.isBlank()) {
      settings.requiredString(key); // throws the standard "required but not set" error
    }
    return v;
  }

  public String key() {
    return key;
  }

  public String doc() {
    return doc;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String defaultText() {
    return defaultText;
  }

  /** The long option that sets it ({@code --batch-size}), or null when only --conf/--config can. */
  public String flag() {
    return flag;
  }

  public String paramLabel() {
    return paramLabel;
  }

  /** The allowed values in words, or null for free text. */
  public String range() {
    return range;
  }

  /** The setting's line of {@code --help}: doc, range and default. */
  public String help() {
    StringBuilder b = new StringBuilder(doc);
    if (range != null) {
      b.append(" Allowed: ").append(range).append('.');
    }
    return b.append(" Default: ").append(defaultText).append('.').toString();
  }

  @Override
  public String toString() {
    return key;
  }

  private static String format(Object v) {
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    if (v instanceof List<?> l) {
      return l.isEmpty() ? "none" : String.join(",", l.stream().map(String::valueOf).toList());
    }
    return String.valueOf(v);
  }

  /** Declares a setting; terminal call {@link SettingsGroup#add}. */
  public static final class Builder<T> {
    private final String key;
    private final T defaultValue;
    private final Reader<T> reader;
    private String paramLabel;
    private String range;
    private String doc;
    private String defaultText;
    private String flag;

    private Builder(String key, T defaultValue, String paramLabel, String range, Reader<T> reader) {
      this.key = key;
      this.defaultValue = defaultValue;
      this.paramLabel = paramLabel;
      this.range = range;
      this.reader = reader;
    }

    public Builder<T> doc(String text) {
      this.doc = text;
      return this;
    }

    /** How help describes a default that is computed (e.g. "the stage's"). */
    public Builder<T> defaultText(String text) {
      this.defaultText = text;
      return this;
    }

    /** The command-line option of the job that reads it, and the word for its value. */
    public Builder<T> flag(String option, String label) {
      this.flag = option;
      this.paramLabel = label;
      return this;
    }

    /** Replaces the range description (e.g. when a special value such as -1 means "automatic"). */
    public Builder<T> rangeText(String text) {
      this.range = text;
      return this;
    }

    Setting<T> build() {
      return new Setting<>(this);
    }
  }
}
