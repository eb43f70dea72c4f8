package dev.synergen.tokenization.train;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Setting;
import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTrainingConfig;

/** The {@code tokenizer_train.*} settings, declared once; {@link #config} and the command's help derive from them. */
public final class TokenizerTrainSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("tokenizer_train");

  public static final Setting<String> OUTPUT = GROUP.add(Setting.string("tokenizer_train.output", null)
      .flag("--output", "DIR").defaultText("<lakehouse>/_artifacts/tokenizer").doc("Tokenizer directory."));
  public static final Setting<String> PRESET = GROUP.add(Setting.choice("tokenizer_train.preset", "small", "tiny",
      "small").flag("--preset", "NAME")
      .doc("VQ size: tiny (32 px, 8x8 codes, 256 entries) or small (64 px, 16x16 codes, 1024 entries)."));
  public static final Setting<Integer> IMAGE_SIZE = GROUP.add(Setting.integer("tokenizer_train.image_size", null, 8, 4096)
      .flag("--image-size", "PX").defaultText("the preset's")
      .doc("Side of the square images the VQ encodes, a multiple of its downsampling 4 (the grid of codes is PX/4 on"
          + " a side); the model's image grid follows the tokenizer."));
  public static final Setting<Integer> STEPS = GROUP.add(Setting.integer("tokenizer_train.steps", 800, 1, 10_000_000)
      .flag("--steps", "N").doc("Training steps; sets the cosine schedule (800 take about 7 minutes on 2 cores for"
          + " small)."));
  public static final Setting<Integer> BATCH_SIZE = GROUP.add(Setting.integer("tokenizer_train.batch_size", 32, 1, 4096)
      .flag("--batch-size", "N").doc("Images per step."));
  public static final Setting<Double> LEARNING_RATE = GROUP.add(Setting.decimal("tokenizer_train.learning_rate", 1e-3,
      1e-7, 0.5).flag("--learning-rate", "LR").doc("Peak Adam learning rate."));
  public static final Setting<Long> SEED = GROUP.add(Setting.longValue("tokenizer_train.seed", 0L, Long.MIN_VALUE,
      Long.MAX_VALUE).flag("--seed", "N").doc("Seed of initialisation and data order."));
  public static final Setting<Integer> CHECKPOINT_EVERY = GROUP.add(Setting.integer("tokenizer_train.checkpoint_every",
      100, 1, Integer.MAX_VALUE).flag("--checkpoint-every", "N").doc("Steps between checkpoints."));
  public static final Setting<Integer> KMEANS_AT_STEP = GROUP.add(Setting.integer("tokenizer_train.kmeans_at_step", 50,
      -1, Integer.MAX_VALUE).flag("--kmeans-at-step", "N").rangeText("-1 (never) or >= 0")
      .doc("Step at which MLlib k-means re-initialises the codebook from encoder outputs."));
  public static final Setting<Integer> KMEANS_IMAGES = GROUP.add(Setting.integer("tokenizer_train.kmeans_images", 2048,
      1, 10_000_000).flag("--kmeans-images", "N").doc("Images sampled for k-means."));
  public static final Setting<Integer> KMEANS_ITERATIONS = GROUP.add(Setting.integer(
      "tokenizer_train.kmeans_iterations", 10, 1, 1000).flag("--kmeans-iterations", "N").doc("k-means iterations."));
  public static final Setting<String> TEXT_ENCODING = GROUP.add(Setting.choice("tokenizer_train.text_encoding",
      "cl100k_base", "cl100k_base", "o200k_base", "r50k_base").flag("--text-encoding", "NAME")
      .doc("BPE encoding of the compact text vocabulary."));
  public static final Setting<Integer> TEXT_VOCAB_CAP = GROUP.add(Setting.integer("tokenizer_train.text_vocab_cap", 8192,
      2, 1_000_000).flag("--text-vocab-cap", "N")
      .doc("Most compact text ids kept, by corpus frequency; rarer pieces map to UNK."));
  public static final Setting<Integer> HELD_OUT_IMAGES = GROUP.add(Setting.integer("tokenizer_train.held_out_images",
      512, 0, 1_000_000).flag("--held-out-images", "N").doc("Held-out images measured at the end; 0 skips."));
  public static final Setting<String> FAULTS = GROUP.add(Setting.string("tokenizer_train.faults", "").defaultText("none")
      .doc("Crash drills and tests only: deliberate failures (see train.faults). Point: after_checkpoint (step)."));

  public static final Setting<String> LLM = GROUP.add(Setting.string("tokenizer_train.llm", null).flag("--llm", "DIR")
      .defaultText("none: train a compact remap of the captions' BPE pieces")
      .doc("Directory of a pretrained Hugging Face LLM (tokenizer.json, config.json): its tokenizer is copied to"
          + " llm_text/ and replaces the compact remap, so text ids are the LLM's own (import it with train"
          + " --init-llama)."));

  private TokenizerTrainSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }

  /** The job's config from settings; {@code defaultOutput} applies when tokenizer_train.output is unset. */
  public static TokenizerTrainJob.Config config(Settings s, Lakehouse lakehouse, String defaultOutput) {
    VqConfig preset = PRESET.get(s).equals("tiny") ? VqConfig.tiny() : VqConfig.small();
    VqConfig model = IMAGE_SIZE.get(s) == null ? preset : preset.withImageSize(IMAGE_SIZE.get(s));
    int steps = STEPS.get(s);
    long seed = SEED.get(s);
    VqTrainingConfig d = VqTrainingConfig.defaults(steps, seed);
    VqTrainingConfig training = new VqTrainingConfig(LEARNING_RATE.get(s).floatValue(), d.warmupSteps(), steps,
        d.minLearningRateRatio(), d.beta1(), d.beta2(), d.epsilon(), d.gradientClipNorm(), d.commitmentWeight(),
        d.emaDecay(), d.deadCodeThreshold(), seed);
    return new TokenizerTrainJob.Config(lakehouse, OUTPUT.getOr(s, defaultOutput), model, training, BATCH_SIZE.get(s),
        CHECKPOINT_EVERY.get(s), KMEANS_AT_STEP.get(s), KMEANS_IMAGES.get(s), KMEANS_ITERATIONS.get(s),
        TEXT_ENCODING.get(s), TEXT_VOCAB_CAP.get(s), HELD_OUT_IMAGES.get(s),
        FaultPlan.parse(FAULTS.get(s), FAULTS.key()), LLM.get(s));
  }
}
