package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Settings;
import dev.synergen.core.spark.SparkSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every Spark job shares: where the lakehouse is, which Spark master, config file and overrides. */
public final class CommonOptions {
  @Option(names = "--lakehouse", paramLabel = "DIR|URI",
      description = "Root of the Delta tables (default: ./lakehouse, or key 'lakehouse' of --config).")
  String lakehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[4], spark://host:7077, yarn, k8s://... "
          + "(default: the one spark-submit set, else local[*]).")
  String master;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Job settings as JSON (nested keys) or .properties (dotted keys); flags win over the file.")
  Path config;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --conf ingest.max_pixels=4000000 or --conf spark.conf.spark.executor.memory=8g.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = "--summary-json", paramLabel = "FILE",
      description = "Also write the job summary as JSON to FILE.")
  Path summaryJson;

  /** File settings, then --conf, then the command's own flags ({@code flagValues}, nulls skipped). */
  public Settings settings(Map<String, String> flagValues) {
    return settings(Map.of(), flagValues);
  }

  /** As {@link #settings(Map)}, over a command's own {@code defaults} (which everything else overrides). */
  public Settings settings(Map<String, String> defaults, Map<String, String> flagValues) {
    Settings s = Settings.of(defaults);
    if (config != null) {
      s = s.withOverrides(Settings.load(config).asMap(), config.toString());
    }
    s = s.withOverrides(conf, "--conf");
    Map<String, String> common = new LinkedHashMap<>();
    common.put("lakehouse", lakehouse);
    common.put("spark.master", master);
    s = s.withOverrides(common, "command-line flag");
    return s.withOverrides(flagValues, "command-line flag");
  }

  public static Lakehouse lakehouse(Settings s) {
    return new Lakehouse(s.string("lakehouse", Lakehouse.DEFAULT_ROOT));
  }

  public static SparkSettings spark(Settings s, String job) {
    return SparkSettings.from(s, "synergen-" + job);
  }
}
