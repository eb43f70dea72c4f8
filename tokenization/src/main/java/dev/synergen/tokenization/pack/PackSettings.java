package dev.synergen.tokenization.pack;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Setting;
import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.artifact.TokenizerFiles;

/** The {@code pack.*} settings, declared once; {@link #config} and the command's help derive from them. */
public final class PackSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("pack");

  public static final Setting<String> TOKENIZER = GROUP.add(Setting.string("pack.tokenizer", null)
      .flag("--tokenizer", "DIR").defaultText("<lakehouse>/_artifacts/tokenizer")
      .doc("Directory written by tokenizer-train."));
  public static final Setting<Integer> CONTEXT_LENGTH = GROUP.add(Setting.integer("pack.context_length", 320, 8, 1 << 20)
      .flag("--context-length", "N").doc("Tokens per sequence; longer samples are rejected, never truncated."));
  public static final Setting<Double> T2I_FRACTION = GROUP.add(Setting.decimal("pack.t2i_fraction", 0.5, 0, 1)
      .flag("--t2i-fraction", "F").doc("Share of pairs that become generation samples; the rest are understanding."));
  public static final Setting<Double> CAPTION_DROPOUT = GROUP.add(Setting.decimal("pack.caption_dropout", 0.1, 0, 1)
      .flag("--caption-dropout", "F").doc("Share of generation samples whose caption becomes UNCOND (the paper's 0.1)."));
  public static final Setting<String> MODE = GROUP.add(Setting.choice("pack.mode", "pad", "pad", "pack")
      .flag("--mode", "MODE")
      .doc("pad: one sample per sequence (incremental); pack: samples of one split and task share sequences."));
  public static final Setting<Integer> BUCKETS = GROUP.add(Setting.integer("pack.buckets", 8, 1, 1 << 20)
      .flag("--buckets", "N").doc("Hash buckets per split and task in pack mode."));
  public static final Setting<Long> SEED = GROUP.add(Setting.longValue("pack.seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE)
      .flag("--seed", "N").doc("Seed of the per-pair task and dropout draws."));

  public static final Setting<Integer> ROWS_PER_COMMIT = GROUP.add(Setting.integer("pack.rows_per_commit",
      PackConfig.DEFAULT_ROWS_PER_COMMIT, 1, Integer.MAX_VALUE).flag("--rows-per-commit", "N")
      .doc("Samples packed per Delta commit (about: batches are hash buckets of pairs, in pack mode of whole packing"
          + " buckets); a crash loses at most one batch and a re-run skips the committed ones."));
  public static final Setting<String> FAULTS = GROUP.add(Setting.string("pack.faults", "").defaultText("none")
      .doc("Crash drills and tests only: deliberate failures (see train.faults). Points (batch): rejects_written,"
          + " batch_committed, delta_write (batch, table: 0 sequences, 1 rejects)."));

  private PackSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }

  /** The job's config; {@code defaultTokenizer} applies when pack.tokenizer is unset. */
  public static PackConfig config(Settings s, Lakehouse lakehouse, String defaultTokenizer) {
    String dir = TOKENIZER.getOr(s, defaultTokenizer);
    return new PackConfig(lakehouse, TokenizerFiles.vqDir(dir), TokenizerFiles.textTokenizer(dir), CONTEXT_LENGTH.get(s),
        T2I_FRACTION.get(s), CAPTION_DROPOUT.get(s), MODE.get(s), BUCKETS.get(s), SEED.get(s), ROWS_PER_COMMIT.get(s),
        FaultPlan.parse(FAULTS.get(s), FAULTS.key()));
  }
}
