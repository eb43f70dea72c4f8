package dev.synergen.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Flat, dotted configuration keys ({@code ingest.max_pixels}) read from a JSON or properties file
 * and overridden by command-line values, with typed getters that name the key in every error.
 *
 * <p>Config records read their fields through a {@code Settings}; {@link #requireAllConsumed()}
 * then turns any key nobody asked for (a typo, an option of another job) into an error instead of
 * a silently ignored setting.
 */
public final class Settings {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> values;
  private final Map<String, String> origins;
  private final Set<String> consumed;

  private Settings(Map<String, String> values, Map<String, String> origins) {
    this(values, origins, ConcurrentHashMap.newKeySet());
  }

  private Settings(Map<String, String> values, Map<String, String> origins, Set<String> consumed) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
    this.consumed = consumed;
  }

  public static Settings empty() {
    return new Settings(Map.of(), Map.of());
  }

  public static Settings of(Map<String, String> values) {
    Map<String, String> origins = new LinkedHashMap<>();
    values.keySet().forEach(k -> origins.put(k, "the given settings"));
    return new Settings(values, origins);
  }

  /** Loads {@code .json} (nested objects become dotted keys) or {@code .properties}/{@code .conf}. */
  public static Settings load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw CoreErrors.error(CoreErrors.CONFIG_BAD_FILE, "config file " + file + " does not exist or is not a file");
    }
    Map<String, String> values = new LinkedHashMap<>();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".json")) {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
          throw CoreErrors.error(CoreErrors.CONFIG_BAD_FILE, "config file " + file + " must hold a JSON object");
        }
        flatten("", root, values, file);
      } else {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          props.load(reader);
        }
        props.stringPropertyNames().forEach(k -> values.put(k.trim(), props.getProperty(k).trim()));
      }
    } catch (IOException e) {
      throw CoreErrors.error(CoreErrors.CONFIG_BAD_FILE, "cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> origins = new LinkedHashMap<>();
    values.keySet().forEach(k -> origins.put(k, file.toString()));
    return new Settings(values, origins);
  }

  /**
   * A copy where {@code overrides} (e.g. from the command line) win over the loaded values. It
   * shares this instance's record of used keys both ways: a key a job reads through the copy was
   * used, so neither reports it as unknown.
   */
  public Settings withOverrides(Map<String, String> overrides, String origin) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    Map<String, String> mergedOrigins = new LinkedHashMap<>(origins);
    overrides.forEach((k, v) -> {
      if (v != null) {
        merged.put(k, v);
        mergedOrigins.put(k, origin);
      }
    });
    return new Settings(merged, mergedOrigins, consumed);
  }

  /** Marks a key as known to the job even when it is not set, so typos of it get a "did you mean". */
  public void declare(String key) {
    consumed.add(key);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** All keys under {@code prefix.} with the prefix removed, marked consumed (free-form maps such as spark conf). */
  public Map<String, String> subtree(String prefix) {
    Map<String, String> out = new TreeMap<>();
    String p = prefix + ".";
    values.forEach((k, v) -> {
      if (k.startsWith(p)) {
        consumed.add(k);
        out.put(k.substring(p.length()), v);
      }
    });
    return out;
  }

  public String string(String key, String fallback) {
    consumed.add(key);
    return values.getOrDefault(key, fallback);
  }

  public String requiredString(String key) {
    consumed.add(key);
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw CoreErrors.error(CoreErrors.CONFIG_BAD_VALUE, "config key '" + key + "' is required but not set");
    }
    return v;
  }

  public int integer(String key, int fallback, int min, int max) {
    return (int) number(key, fallback, min, max, "an integer", Long::parseLong).longValue();
  }

  public long longValue(String key, long fallback, long min, long max) {
    return number(key, fallback, min, max, "an integer", Long::parseLong).longValue();
  }

  public double decimal(String key, double fallback, double min, double max) {
    return number(key, fallback, min, max, "a number", Double::parseDouble).doubleValue();
  }

  public boolean bool(String key, boolean fallback) {
    String raw = string(key, null);
    if (raw == null) {
      return fallback;
    }
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw badValue(key, raw, "true or false");
    }
  }

  public <E extends Enum<E>> E enumValue(String key, E fallback, Class<E> type) {
    String raw = string(key, null);
    if (raw == null) {
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(raw.trim().replace('-', '_'))) {
        return e;
      }
    }
    List<String> names = java.util.Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    throw badValue(key, raw, "one of " + names);
  }

  /**
   * Like {@link #requireAllConsumed()}, but keys whose first segment is one of {@code otherSections}
   * are left alone: one config file can hold the settings of every job, and each job checks its own.
   */
  public void requireAllConsumedExcept(Set<String> otherSections) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(consumed);
    unknown.removeIf(k -> otherSections.contains(k.contains(".") ? k.substring(0, k.indexOf('.')) : k));
    failOnUnknown(unknown, Set.of());
  }

  /** Fails with every key that no config record read, and the closest known key for each. */
  public void requireAllConsumed(Set<String> knownKeys) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(consumed);
    failOnUnknown(unknown, knownKeys);
  }

  private void failOnUnknown(Set<String> unknown, Set<String> knownKeys) {
    if (unknown.isEmpty()) {
      return;
    }
    StringBuilder msg = new StringBuilder();
    for (String key : unknown) {
      if (msg.length() > 0) {
        msg.append("; ");
      }
      msg.append("unknown config key '").append(key).append("' (from ").append(origins.get(key)).append(")");
      String near = closest(key, knownKeys.isEmpty() ? consumed : knownKeys);
      if (near != null) {
        msg.append(", did you mean '").append(near).append("'?");
      }
    }
    throw CoreErrors.error(CoreErrors.CONFIG_UNKNOWN_KEY, msg.toString());
  }

  public void requireAllConsumed() {
    requireAllConsumed(Set.of());
  }

  /** Keys read so far; the set of keys a job understands once its config is built. */
  public Set<String> consumedKeys() {
    return Collections.unmodifiableSet(new TreeSet<>(consumed));
  }

  private <T extends Number> Number number(String key, T fallback, double min, double max, String what,
      Function<String, T> parse) {
    String raw = string(key, null);
    if (raw == null) {
      return fallback;
    }
    Number n;
    try {
      n = parse.apply(raw.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw badValue(key, raw, what + " in [" + fmt(min) + ", " + fmt(max) + "]");
    }
    if (n.doubleValue() < min || n.doubleValue() > max || Double.isNaN(n.doubleValue())) {
      throw badValue(key, raw, what + " in [" + fmt(min) + ", " + fmt(max) + "]");
    }
    return n;
  }

  PipelineException badValue(String key, String raw, String expected) {
    return CoreErrors.error(CoreErrors.CONFIG_BAD_VALUE, "config key '" + key + "' (from " + origins.get(key) + "): expected "
        + expected + ", got '" + raw + "'");
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e18 ? Long.toString((long) d) : Double.toString(d);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(key, v, out, file);
      } else if (v.isArray()) {
        List<String> parts = new java.util.ArrayList<>();
        v.forEach(x -> parts.add(x.asText()));
        out.put(key, String.join(",", parts));
      } else if (v.isNull()) {
        throw CoreErrors.error(CoreErrors.CONFIG_BAD_FILE, "config file " + file + ": key '" + key + "' is null; remove it to use the default");
      } else {
        out.put(key, v.asText());
      }
    }
  }

  static String closest(String key, Set<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = editDistance(key, c);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
