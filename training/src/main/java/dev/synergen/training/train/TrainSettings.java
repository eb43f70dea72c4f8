package dev.synergen.training.train;

import dev.synergen.core.config.Setting;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.training.optim.ScheduleKind;

/** The {@code train.*} settings, each declared once: {@link TrainConfig#from} and {@code synergen train --help} derive from them. */
public final class TrainSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("train");

  public static final Setting<String> TOKENIZER = GROUP.add(Setting.string("train.tokenizer", null)
      .flag("--tokenizer", "DIR").defaultText("<lakehouse>/_artifacts/tokenizer, where tokenizer-train writes")
      .doc("Output directory of synergen tokenizer-train (text_remap.json and vq/)."));
  public static final Setting<String> OUTPUT = GROUP.add(Setting.string("train.output", null)
      .flag("--output", "DIR").defaultText("none (required)")
      .doc("Checkpoint directory of the run; re-running with it resumes the run."));
  public static final Setting<String> PRESET = GROUP.add(Setting.string("train.preset", "small")
      .flag("--preset", "NAME").rangeText("tiny, small, paper")
      .doc("Model size: tiny (tests), small (the demo) or paper (GPU only; refused on CPU)."));
  public static final Setting<TrainStage> STAGE = GROUP.add(Setting.enumValue("train.stage", TrainStage.FULL,
      TrainStage.class).flag("--stage", "STAGE")
      .doc("Which parameter groups train on which sequences: s1 (image), s2 (image + attention), sft (all), full (all,"
          + " from scratch) on image-text sequences; text (all, a base language model) on text-only sequences."));
  public static final Setting<Long> STEPS = GROUP.add(Setting.longValue("train.steps", 0L, 0, Long.MAX_VALUE / 2)
      .flag("--steps", "N").defaultText("0 (use --epochs)")
      .doc("Optimizer steps of the run; set exactly one of steps and epochs."));
  public static final Setting<Integer> EPOCHS = GROUP.add(Setting.integer("train.epochs", 0, 0, 1_000_000)
      .flag("--epochs", "N").defaultText("0 (use --steps)")
      .doc("Passes over the filtered rows; set exactly one of steps and epochs."));
  public static final Setting<Integer> BATCH_SIZE = GROUP.add(Setting.integer("train.batch_size", 16, 1, 1 << 16)
      .flag("--batch-size", "N").doc("Sequences per optimizer step (per worker)."));
  public static final Setting<Double> LR = GROUP.add(Setting.decimal("train.lr", null, Double.MIN_VALUE, 10)
      .flag("--lr", "RATE").defaultText("the stage's (s1 1e-4, s2 5e-5, sft 2e-5, full and text 1e-3)")
      .doc("Peak learning rate."));
  public static final Setting<ScheduleKind> SCHEDULE = GROUP.add(Setting.enumValue("train.schedule", null,
      ScheduleKind.class).flag("--schedule", "KIND").defaultText("the stage's (s1 constant, others cosine)")
      .doc("Learning-rate shape after the linear warm-up."));
  public static final Setting<Long> WARMUP_STEPS = GROUP.add(Setting.longValue("train.warmup_steps", -1L, -1,
      Long.MAX_VALUE / 2).flag("--warmup-steps", "N").rangeText("-1 (automatic) or >= 0")
      .defaultText("-1: min(200, 10% of the run); the paper uses 200").doc("Linear warm-up steps."));
  public static final Setting<Double> MIN_LR_RATIO = GROUP.add(Setting.decimal("train.min_lr_ratio", 0.1, 0, 1)
      .doc("Floor of the cosine schedule as a fraction of the peak rate."));
  public static final Setting<Double> WEIGHT_DECAY = GROUP.add(Setting.decimal("train.weight_decay", 0.05, 0, 10)
      .doc("AdamW decoupled weight decay of matrices and embeddings (the paper's 0.05)."));
  public static final Setting<Double> CLIP_NORM = GROUP.add(Setting.decimal("train.clip_norm", 1.0, 0, 1e6)
      .doc("Global gradient-norm clipping threshold; 0 disables clipping."));
  public static final Setting<Double> IMAGE_LOSS_WEIGHT = GROUP.add(Setting.decimal("train.image_loss_weight", 2.0, 0,
      1e3).doc("Weight lambda of the image-code cross-entropy (the paper's 2)."));
  public static final Setting<Long> SEED = GROUP.add(Setting.longValue("train.seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE)
      .flag("--seed", "N").doc("Seed of the initial weights and of the data order."));
  public static final Setting<String> INIT_CHECKPOINT = GROUP.add(Setting.string("train.init_checkpoint", null)
      .flag("--init-checkpoint", "DIR")
      .doc("Start from this model checkpoint, e.g. stage s2 from an s1 checkpoint (fresh optimizer)."));
  public static final Setting<String> INIT_LLAMA = GROUP.add(Setting.string("train.init_llama", null)
      .flag("--init-llama", "DIR")
      .doc("Start from this pretrained Hugging Face Llama/InternLM2 model directory (config.json, tokenizer.json,"
          + " *.safetensors): its decoder becomes the text path, image experts copy its FFNs. The tokenizer directory"
          + " must hold its tokenizer (tokenizer-train --llm DIR)."));
  public static final Setting<Integer> CHECKPOINT_EVERY = GROUP.add(Setting.integer("train.checkpoint_every", 200, 1,
      Integer.MAX_VALUE).flag("--checkpoint-every", "N")
      .doc("Steps per round; each round ends with a checkpoint and its table rows."));
  public static final Setting<String> SPLIT = GROUP.add(Setting.string("train.split", "train").flag("--split", "NAME")
      .doc("Split of sequences to train on."));
  public static final Setting<Double> MIN_QUALITY = GROUP.add(Setting.decimal("train.min_quality", null,
      -Double.MAX_VALUE, Double.MAX_VALUE).flag("--min-quality", "Q").rangeText("any number").defaultText("no filter")
      .doc("Skip rows with a lower quality score; s2 reads the high-quality rows."));
  public static final Setting<Integer> LOG_EVERY = GROUP.add(Setting.integer("train.log_every", 10, 1, Integer.MAX_VALUE)
      .flag("--log-every", "N").doc("Steps per progress line and training_metrics row."));
  public static final Setting<String> DEVICE = GROUP.add(Setting.string("train.device", "auto").flag("--device", "DEV")
      .rangeText("auto, cpu, gpu, gpu:N")
      .doc("auto (the task's or the first GPU, else CPU), cpu, gpu or gpu:N."));

  public static final Setting<Integer> WORKERS = GROUP.add(Setting.integer("train.workers", 1, 1, 4096)
      .flag("--workers", "N").doc("Data-parallel workers: tasks of a Spark barrier stage (one per GPU executor on a"
          + " cluster). May change between runs of one output: the data cursor is re-sharded."));
  public static final Setting<Integer> INNER_STEPS = GROUP.add(Setting.integer("train.inner_steps", 50, 1, 1_000_000)
      .flag("--inner-steps", "H").doc("Inner optimizer steps per round (DiLoCo's H); every round ends with an exchange"
          + " of the trainable weights and a resumable state."));
  public static final Setting<Double> OUTER_LR = GROUP.add(Setting.decimal("train.outer_lr", null, 0, 10)
      .flag("--outer-lr", "RATE").defaultText("0.7 with several workers (DiLoCo), 1 with one (no outer step)")
      .doc("Learning rate of the outer Nesterov step on the averaged pseudo-gradient."));
  public static final Setting<Double> OUTER_MOMENTUM = GROUP.add(Setting.decimal("train.outer_momentum", null, 0, 0.9999)
      .flag("--outer-momentum", "MU").defaultText("0.9 with several workers (DiLoCo), 0 with one")
      .doc("Nesterov momentum of the outer step."));
  public static final Setting<String> INNER_OPTIMIZER = GROUP.add(Setting.choice("train.inner_optimizer", "adamw",
      "adamw", "sgd").doc("The workers' optimizer: adamw (the paper's) or sgd (linear in the gradient: one inner"
          + " step with outer lr 1 and no momentum is then exactly synchronous data parallelism)."));
  public static final Setting<String> EXCHANGE_DIR = GROUP.add(Setting.string("train.exchange_dir", null)
      .flag("--exchange-dir", "URI")
      .defaultText("<output>/rounds").doc("Shared storage of the weight exchange and of each round's state (any"
          + " Hadoop file system URI: file:, hdfs://, s3a://, abfs://); every executor must reach it."));
  public static final Setting<Integer> MAX_BAD_STEPS = GROUP.add(Setting.integer("train.max_bad_steps", 5, 1, 1000)
      .doc("Steps in a row with a non-finite loss or gradient that are skipped (logged, no update) before the run"
          + " stops."));
  public static final Setting<String> FAULTS = GROUP.add(Setting.string("train.faults", "")
      .defaultText("none")
      .doc("Crash drills and tests only: deliberate failures, rules point[:key=value,...][!action] separated by"
          + " ';', actions throw (default), halt, oom, stack_overflow, hang. Points: after_step (step),"
          + " checkpoint_write (round: weights written, manifest not yet), after_checkpoint (round), after_round (round), round_start and exchange (worker, round, attempt),"
          + " non_finite_loss (step: the loss is taken as NaN)."));

  private TrainSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }
}
