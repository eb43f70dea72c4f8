package dev.synergen.eval.job;

import dev.synergen.core.config.Setting;
import dev.synergen.core.config.SettingsGroup;
import java.util.List;

/** The {@code eval.*} settings, declared once; {@link EvalConfig#from} and {@code synergen eval --help} derive from them. */
public final class EvalSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("eval");

  public static final Setting<String> CHECKPOINT = GROUP.add(Setting.string("eval.checkpoint", null)
      .flag("--checkpoint", "DIR").defaultText("none (required)")
      .doc("A checkpoint directory, or a training output directory (its newest checkpoint)."));
  public static final Setting<List<String>> SUITES = GROUP.add(Setting.list("eval.suites").flag("--suite", "A,B")
      .defaultText("all: tokenizer, caption, mcq, pope, geneval, t2i_match, efficiency, text")
      .doc("Suites to run, comma-separated."));
  public static final Setting<Integer> LIMIT = GROUP.add(Setting.integer("eval.limit", 200, 1, 1_000_000)
      .flag("--limit", "N").doc("Held-out items per suite (images, scenes or documents); GenEval uses --prompts."));
  public static final Setting<Integer> PROMPTS = GROUP.add(Setting.integer("eval.geneval_prompts", 10, 1, 10_000)
      .flag("--prompts", "N").doc("GenEval prompts per category (6 categories)."));
  public static final Setting<Integer> IMAGES = GROUP.add(Setting.integer("eval.geneval_images", 4, 1, 64)
      .flag("--images", "N").doc("Images generated per GenEval prompt."));
  public static final Setting<Integer> MATCH_CAPTIONS = GROUP.add(Setting.integer("eval.match_captions", 48, 1, 100_000)
      .doc("Held-out captions t2i_match generates an image for (one each)."));
  public static final Setting<Double> GUIDANCE = GROUP.add(Setting.decimal("eval.guidance", 3.0, 0, 50)
      .flag("--guidance", "S").doc("Classifier-free guidance scale of GenEval's and t2i_match's generations (1 = none)."));
  public static final Setting<Integer> MAX_TOKENS = GROUP.add(Setting.integer("eval.max_caption_tokens", 32, 1, 512)
      .doc("Longest greedy caption of the caption suite, in text ids."));
  public static final Setting<Long> SEED = GROUP.add(Setting.longValue("eval.seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE)
      .flag("--seed", "N").doc("Seed of the questions, probes, prompts, sampling and bootstrap intervals."));
  public static final Setting<String> SPLIT = GROUP.add(Setting.string("eval.split", "test").flag("--split", "NAME")
      .doc("Held-out split of raw_pairs (and of text documents) the suites read."));
  public static final Setting<Integer> WORLD_GRID = GROUP.add(Setting.integer("eval.world_grid", 3, 2, 64)
      .doc("Grid of the shapes world the checkpoint was trained on (GenEval renders and detects in it)."));
  public static final Setting<String> DEVICE = GROUP.add(Setting.string("eval.device", "auto").flag("--device", "DEV")
      .rangeText("auto, cpu, gpu, gpu:N").doc("Device of the inference tasks: the task's GPU when Spark assigned one."));
  public static final Setting<Integer> PARTITIONS = GROUP.add(Setting.integer("eval.partitions", 0, 0, 100_000)
      .defaultText("0: the cluster's task slots").doc("Spark tasks per suite."));
  public static final Setting<String> FAULTS = GROUP.add(Setting.string("eval.faults", "").defaultText("none")
      .doc("Crash drills and tests only: deliberate failures (see train.faults). Points (suite: its index in"
          + " --suite): samples_written, delta_write (suite, table: 0 eval_samples, 1 eval_results)."));

  private EvalSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }
}
