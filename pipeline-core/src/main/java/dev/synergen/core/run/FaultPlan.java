package dev.synergen.core.run;

import dev.synergen.core.CoreErrors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Deliberate failures at named points of a job, for crash drills and tests, from a job's
 * {@code <section>.faults} setting. Unlike a static test hook it travels with the job's config, so
 * it also fires inside Spark tasks on executors and in a child process.
 *
 * <p>Grammar: rules separated by {@code ;}, each {@code point[:key=value,...][!action]}. A rule
 * fires when the job reaches {@code point} with every listed coordinate equal (e.g. {@code
 * after_step:step=11}, {@code exchange:worker=1,round=2,attempt=0}). Actions: {@code throw} (the
 * default; an {@link InjectedFault}), {@code halt} (the JVM stops at once with exit code 137, as
 * after SIGKILL: no finally blocks, no shutdown hooks), and the failures of a poison pill inside a
 * library: {@code oom} (an {@link OutOfMemoryError}), {@code stack_overflow} (a
 * {@link StackOverflowError}) and {@code hang} (the thread sleeps until interrupted).
 */
public final class FaultPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final FaultPlan NONE = new FaultPlan("", List.of());

  private final String spec;
  private final List<Rule> rules;

  private enum Action { THROW, HALT, OOM, STACK_OVERFLOW, HANG }

  private record Rule(String point, Map<String, Long> where, Action action) implements Serializable {}

  /** The failure a {@code throw} rule raises; never caught as a pipeline error. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }

  private FaultPlan(String spec, List<Rule> rules) {
    this.spec = spec;
    this.rules = rules;
  }

  public static FaultPlan none() {
    return NONE;
  }

  /** Parses a plan; null or blank means none. {@code key} names the setting in errors. */
  public static FaultPlan parse(String spec, String key) {
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    for (String raw : spec.split(";")) {
      String rule = raw.trim();
      if (rule.isEmpty()) {
        continue;
      }
      Action action = Action.THROW;
      int bang = rule.indexOf('!');
      if (bang >= 0) {
        String word = rule.substring(bang + 1).trim().toLowerCase(Locale.ROOT);
        try {
          action = Action.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw bad(key, spec, "action '" + word + "' is not throw, halt, oom, stack_overflow or hang");
        }
        rule = rule.substring(0, bang).trim();
      }
      String point = rule;
      Map<String, Long> where = new LinkedHashMap<>();
      int colon = rule.indexOf(':');
      if (colon >= 0) {
        point = rule.substring(0, colon).trim();
        for (String pair : rule.substring(colon + 1).split(",")) {
          String[] kv = pair.split("=", 2);
          if (kv.length != 2 || kv[0].isBlank()) {
            throw bad(key, spec, "'" + pair + "' is not key=value");
          }
          try {
            where.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
          } catch (NumberFormatException e) {
            throw bad(key, spec, "'" + pair + "' needs an integer value");
          }
        }
      }
      if (!point.matches("[a-z][a-z0-9_]*")) {
        throw bad(key, spec, "point '" + point + "' must be lower_snake_case");
      }
      rules.add(new Rule(point, Map.copyOf(where), action));
    }
    return new FaultPlan(spec.trim(), List.copyOf(rules));
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The plan as written (to carry it in configs and settings). */
  public String spec() {
    return spec;
  }

  /**
   * Whether a rule of {@code point} matches {@code at} (for faults the job simulates itself, such as
   * a non-finite loss, rather than a failure to raise).
   */
  public boolean matches(String point, Object... at) {
    if (rules.isEmpty()) {
      return false;
    }
    Map<String, Long> coordinates = coordinates(at);
    return rules.stream().anyMatch(r -> r.point().equals(point) && r.where().entrySet().stream()
        .allMatch(e -> e.getValue().equals(coordinates.get(e.getKey()))));
  }

  private static Map<String, Long> coordinates(Object... at) {
    Map<String, Long> coordinates = new LinkedHashMap<>();
    for (int i = 0; i + 1 < at.length; i += 2) {
      coordinates.put((String) at[i], ((Number) at[i + 1]).longValue());
    }
    return coordinates;
  }

  /**
   * Fires the first rule of {@code point} whose coordinates all match {@code at} (pairs of name and
   * value, e.g. {@code "step", 11}); does nothing when none matches.
   */
  public void at(String point, Object... at) {
    if (rules.isEmpty()) {
      return;
    }
    Map<String, Long> coordinates = coordinates(at);
    for (Rule r : rules) {
      if (r.point().equals(point) && r.where().entrySet().stream()
          .allMatch(e -> e.getValue().equals(coordinates.get(e.getKey())))) {
        fire(r.action(), "injected fault at " + point + " " + coordinates);
      }
    }
  }

  private static void fire(Action action, String what) {
    switch (action) {
      case HALT -> {
        System.err.println(what + ": halting the JVM");
        System.err.flush();
        Runtime.getRuntime().halt(137);
      }
      case OOM -> throw new OutOfMemoryError(what);
      case STACK_OVERFLOW -> throw new StackOverflowError(what);
      case HANG -> {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // whoever gave up on this thread gets its interrupt back
        }
        throw new InjectedFault(what + " (hung until interrupted)");
      }
      default -> { }
    }
    throw new InjectedFault(what);
  }

  private static RuntimeException bad(String key, String spec, String why) {
    return CoreErrors.error(CoreErrors.CONFIG_BAD_VALUE, "config key '" + key + "': fault plan '" + spec + "': " + why
        + "; write rules as point[:key=value,...][!throw|!halt|!oom|!stack_overflow|!hang] separated by ';'");
  }

  @Override
  public String toString() {
    return spec.isEmpty() ? "none" : spec;
  }
}
