package dev.synergen.core.spark;

import dev.synergen.core.config.Settings;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to reach Spark: the master (null means "whatever spark-submit set, else local[*]"), the app
 * name, shuffle partitions and free-form {@code spark.*} overrides.
 */
public record SparkSettings(String master, String appName, int shufflePartitions, boolean kryoRegistrationRequired,
    Map<String, String> extraConf) {
  public SparkSettings {
    if (appName == null || appName.isBlank()) {
      throw new IllegalArgumentException("appName must not be blank");
    }
    if (shufflePartitions < 0) {
      throw new IllegalArgumentException("shufflePartitions must be >= 0 (0 = Spark's default), got " + shufflePartitions);
    }
    if (master != null && master.isBlank()) {
      master = null;
    }
    extraConf = Map.copyOf(new TreeMap<>(extraConf == null ? Map.of() : extraConf));
    extraConf.keySet().forEach(k -> {
      if (!k.startsWith("spark.")) {
        throw new IllegalArgumentException("extra Spark conf key '" + k + "' must start with 'spark.'");
      }
    });
  }

  public static SparkSettings embedded(String appName) {
    return new SparkSettings(null, appName, 0, false, Map.of());
  }

  /** Reads {@code spark.master}, {@code spark.shuffle_partitions} and {@code spark.conf.*}. */
  public static SparkSettings from(Settings s, String appName) {
    return new SparkSettings(
        s.string("spark.master", null),
        appName,
        s.integer("spark.shuffle_partitions", 0, 0, 1_000_000),
        s.bool("spark.kryo_registration_required", false),
        prefixed(s.subtree("spark.conf")));
  }

  private static Map<String, String> prefixed(Map<String, String> conf) {
    Map<String, String> out = new TreeMap<>();
    conf.forEach((k, v) -> out.put(k.startsWith("spark.") ? k : "spark." + k, v));
    return out;
  }

  public SparkSettings withMaster(String newMaster) {
    return new SparkSettings(newMaster, appName, shufflePartitions, kryoRegistrationRequired, extraConf);
  }

  public SparkSettings withConf(String key, String value) {
    Map<String, String> conf = new TreeMap<>(extraConf);
    conf.put(key, value);
    return new SparkSettings(master, appName, shufflePartitions, kryoRegistrationRequired, conf);
  }
}
