package dev.synergen.tokenization.tokenize;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Setting;
import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.artifact.TokenizerFiles;

/** The {@code tokenize.*} settings, declared once; {@link #config} and the command's help derive from them. */
public final class TokenizeSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("tokenize");

  public static final Setting<String> TOKENIZER = GROUP.add(Setting.string("tokenize.tokenizer", null)
      .flag("--tokenizer", "DIR").defaultText("<lakehouse>/_artifacts/tokenizer")
      .doc("Directory written by tokenizer-train."));
  public static final Setting<Integer> BATCH_SIZE = GROUP.add(Setting.integer("tokenize.batch_size", 64, 1, 65536)
      .flag("--batch-size", "N").doc("Images per encoder call."));
  public static final Setting<String> DEVICE = GROUP.add(Setting.string("tokenize.device", "auto").flag("--device", "DEV")
      .rangeText("auto, cpu, gpu, gpu:N").doc("auto: the task's GPU when Spark assigned one, else the CPU."));
  public static final Setting<Integer> ROWS_PER_COMMIT = GROUP.add(Setting.integer("tokenize.rows_per_commit",
      TokenizeJob.DEFAULT_ROWS_PER_COMMIT, 1, Integer.MAX_VALUE).flag("--rows-per-commit", "N")
      .doc("Pairs encoded per Delta commit (about: batches are hash buckets of pair_id); a crash loses at most one"
          + " batch and a re-run starts after the committed ones."));
  public static final Setting<String> FAULTS = GROUP.add(Setting.string("tokenize.faults", "").defaultText("none")
      .doc("Crash drills and tests only: deliberate failures (see train.faults). Points (batch): rejects_written,"
          + " batch_committed, delta_write (batch, table: 0 tokenized_pairs, 1 rejects)."));

  private TokenizeSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }

  /** The job's config; {@code defaultTokenizer} applies when tokenize.tokenizer is unset. */
  public static TokenizeJob.Config config(Settings s, Lakehouse lakehouse, String defaultTokenizer) {
    String dir = TOKENIZER.getOr(s, defaultTokenizer);
    return new TokenizeJob.Config(lakehouse, TokenizerFiles.vqDir(dir), TokenizerFiles.textTokenizer(dir),
        BATCH_SIZE.get(s), DEVICE.get(s), ROWS_PER_COMMIT.get(s), FaultPlan.parse(FAULTS.get(s), FAULTS.key()));
  }
}
