package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.SparkSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shape of every Spark job command: settings from file, --conf and flags; the job's config built
 * and every key checked BEFORE Spark starts (a typo fails in milliseconds, not after a cluster
 * spin-up); then the job, its progress and its summary.
 */
abstract class SparkJobCommand<C> implements Callable<Integer>, SettingsOptions.Declared {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  /** Top-level settings sections of all jobs; one config file may hold them all. */
  static final Set<String> ALL_SECTIONS = Set.of("lakehouse", "spark", "shapes", "ingest", "ingest_text",
      "tokenizer_train", "tokenize", "pack", "train", "generate", "caption", "eval", "demo", "bench");

  /** The job's name, used for the run id and the Spark app name. */
  abstract String job();

  /** The settings sections this job reads besides lakehouse and spark, e.g. {@code ingest}. */
  abstract Set<String> sections();

  /**
   * The command's own flags as settings keys (positional inputs, flags that set several keys); the
   * flags of declared settings are collected without it. Null values are left to the config file or defaults.
   */
  void flags(Map<String, String> out) {}

  /** Declared settings whose flags and help this command derives (see {@link SettingsOptions}). */
  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of();
  }

  /** Builds the job's validated config from the settings. */
  abstract C config(Settings settings);

  /** Runs the job and returns its summary. */
  abstract JobSummary run(JobContext ctx, C config, RunId runId) throws Exception;

  @Override
  public final Integer call() throws Exception {
    Map<String, String> flagValues = new LinkedHashMap<>();
    SettingsOptions.collect(spec, settingsGroups(), flagValues);
    flags(flagValues);
    Settings settings = common.settings(flagValues);
    C config = config(settings);
    Lakehouse lakehouse = CommonOptions.lakehouse(settings);
    SparkSettings spark = CommonOptions.spark(settings, job());
    settings.requireAllConsumedExcept(otherSections(sections()));
    RunId runId = RunId.create(job());
    try (JobContext ctx = JobContext.start(lakehouse, spark, System.out)) {
      JobSummary summary = run(ctx, config, runId);
      ctx.report(summary, common.summaryJson);
      return summary.balanced() ? 0 : 1;
    }
  }

  static Set<String> otherSections(Set<String> own) {
    Set<String> others = new java.util.TreeSet<>(ALL_SECTIONS);
    others.removeAll(own);
    others.remove("lakehouse");
    others.remove("spark");
    return others;
  }

  static void put(Map<String, String> out, String key, Object value) {
    if (value != null) {
      out.put(key, value.toString());
    }
  }
}
