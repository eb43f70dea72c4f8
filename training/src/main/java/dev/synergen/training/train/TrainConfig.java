package dev.synergen.training.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.config.Settings;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.optim.LearningRateSchedule;
import dev.synergen.training.optim.ScheduleKind;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of {@code synergen train} (keys {@code train.*}).
 *
 * @param tokenizerDir directory written by {@code synergen tokenizer-train}: {@code text_remap.json} and {@code vq/}
 * @param preset model size: tiny, small, or paper (refused on CPU)
 * @param stage which parameter groups train, and the default schedule
 * @param steps optimizer steps of the run, or 0 when {@code epochs} sets the length
 * @param epochs passes over the filtered rows, or 0 when {@code steps} sets the length
 * @param learningRate peak rate; NaN = the stage's default
 * @param schedule null = the stage's default
 * @param warmupSteps linear warm-up; -1 = min(200, 10% of the run) (the paper warms up for 200 steps)
 * @param minLrRatio floor of the cosine schedule as a fraction of the peak
 * @param initCheckpoint a model checkpoint whose weights start the run (e.g. S2 from S1), or null
 * @param initLlama a Hugging Face Llama/InternLM2 model directory imported into the text path, or null
 * @param outputDir where checkpoints go; re-running with the same directory resumes the run in it
 * @param checkpointEvery steps per round: each round ends with a checkpoint and a metrics commit
 * @param split the {@code sequences} split to read
 * @param minQuality rows with a lower quality are skipped (S2 reads the high-quality part)
 * @param logEvery steps per progress line and {@code training_metrics} row
 * @param device auto, cpu, gpu, or gpu:N
 * @param workers data-parallel workers (barrier tasks); not part of the identity, so it may change on resume
 * @param innerSteps inner steps per round (DiLoCo's H)
 * @param outerLr outer Nesterov rate; NaN = 0.7 with several workers, 1 with one
 * @param outerMomentum outer Nesterov momentum; NaN = 0.9 with several workers, 0 with one
 * @param innerOptimizer adamw or sgd
 * @param exchangeDir shared storage of the exchange and round states, or null for {@code <output>/rounds}
 * @param maxBadSteps non-finite steps in a row that are skipped before the run stops
 * @param faults deliberate failures for crash drills and tests (never part of the run's identity)
 */
public record TrainConfig(Lakehouse lakehouse, String tokenizerDir, String preset, TrainStage stage, long steps,
    int epochs, int batchSize, double learningRate, ScheduleKind schedule, long warmupSteps, double minLrRatio,
    double weightDecay, double clipNorm, double imageLossWeight, long seed, String initCheckpoint,
    String initLlama, String outputDir, int checkpointEvery, String split, double minQuality, int logEvery,
    String device, int workers, int innerSteps, double outerLr, double outerMomentum, String innerOptimizer,
    String exchangeDir, int maxBadSteps, FaultPlan faults) implements Serializable {
  public static final Set<String> PRESETS = Set.of("tiny", "small", "paper");
  public static final int PAPER_WARMUP_STEPS = 200;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public TrainConfig {
    if (lakehouse == null) {
      throw invalid("a lakehouse is required");
    }
    require(tokenizerDir != null && !tokenizerDir.isBlank(), "train.tokenizer (the tokenizer-train output directory)"
        + " is required");
    require(outputDir != null && !outputDir.isBlank(), "train.output (the checkpoint directory) is required");
    require(PRESETS.contains(preset), "train.preset must be one of tiny, small, paper; got '" + preset + "'");
    require(stage != null, "train.stage is required");
    require(steps >= 0 && epochs >= 0 && (steps > 0) != (epochs > 0), "set exactly one run length: train.steps (--steps)"
        + " or train.epochs (--epochs); got steps " + steps + ", epochs " + epochs);
    require(batchSize >= 1, "train.batch_size must be >= 1, got " + batchSize);
    require(Double.isNaN(learningRate) || learningRate > 0, "train.lr must be > 0, got " + learningRate);
    require(warmupSteps >= -1, "train.warmup_steps must be >= 0 (or -1 for the default), got " + warmupSteps);
    require(minLrRatio >= 0 && minLrRatio <= 1, "train.min_lr_ratio must be in [0, 1], got " + minLrRatio);
    require(weightDecay >= 0 && clipNorm >= 0 && imageLossWeight >= 0, "weight decay, clip norm and image loss weight"
        + " must be >= 0, got " + weightDecay + ", " + clipNorm + ", " + imageLossWeight);
    initLlama = initLlama == null || initLlama.isBlank() ? null : initLlama;
    require(initCheckpoint == null || initLlama == null, "train.init_checkpoint and train.init_llama exclude each"
        + " other: start from a SynerGen checkpoint or from an imported LLM, not both");
    require(checkpointEvery >= 1 && logEvery >= 1, "train.checkpoint_every and train.log_every must be >= 1, got "
        + checkpointEvery + ", " + logEvery);
    require(split != null && !split.isBlank(), "train.split must not be blank");
    require(!Double.isNaN(minQuality) && minQuality < Double.POSITIVE_INFINITY, "train.min_quality must be a number"
        + " (-Infinity = no filter), got " + minQuality);
    require(TaskDevice.isValidChoice(device), "device must be auto, cpu, gpu or gpu:N (a CUDA index), got '" + device + "'");
    faults = faults == null ? FaultPlan.none() : faults;
    require(workers >= 1 && innerSteps >= 1 && maxBadSteps >= 1, "train.workers, train.inner_steps and"
        + " train.max_bad_steps must be >= 1, got " + workers + ", " + innerSteps + ", " + maxBadSteps);
    require(Double.isNaN(outerLr) || outerLr > 0, "train.outer_lr must be > 0, got " + outerLr);
    require(Double.isNaN(outerMomentum) || (outerMomentum >= 0 && outerMomentum < 1), "train.outer_momentum must be"
        + " in [0, 1), got " + outerMomentum);
    require("adamw".equals(innerOptimizer) || "sgd".equals(innerOptimizer), "train.inner_optimizer must be adamw or"
        + " sgd, got '" + innerOptimizer + "'");
  }

  /** Reads {@code lakehouse} and every {@link TrainSettings} key. */
  public static TrainConfig from(Settings s) {
    return from(s, null);
  }

  /** As {@link #from(Settings)}, with the tokenizer directory used when {@code train.tokenizer} is not set. */
  public static TrainConfig from(Settings s, String defaultTokenizerDir) {
    Double lr = TrainSettings.LR.get(s);
    Double minQuality = TrainSettings.MIN_QUALITY.get(s);
    return builder(new Lakehouse(s.string("lakehouse", Lakehouse.DEFAULT_ROOT)))
        .tokenizerDir(TrainSettings.TOKENIZER.getOr(s, defaultTokenizerDir))
        .preset(TrainSettings.PRESET.get(s).toLowerCase(Locale.ROOT))
        .stage(TrainSettings.STAGE.get(s))
        .steps(TrainSettings.STEPS.get(s))
        .epochs(TrainSettings.EPOCHS.get(s))
        .batchSize(TrainSettings.BATCH_SIZE.get(s))
        .learningRate(lr == null ? Double.NaN : lr)
        .schedule(TrainSettings.SCHEDULE.get(s))
        .warmupSteps(TrainSettings.WARMUP_STEPS.get(s))
        .minLrRatio(TrainSettings.MIN_LR_RATIO.get(s))
        .weightDecay(TrainSettings.WEIGHT_DECAY.get(s))
        .clipNorm(TrainSettings.CLIP_NORM.get(s))
        .imageLossWeight(TrainSettings.IMAGE_LOSS_WEIGHT.get(s))
        .seed(TrainSettings.SEED.get(s))
        .initCheckpoint(TrainSettings.INIT_CHECKPOINT.get(s))
        .initLlama(TrainSettings.INIT_LLAMA.get(s))
        .outputDir(TrainSettings.OUTPUT.require(s))
        .checkpointEvery(TrainSettings.CHECKPOINT_EVERY.get(s))
        .split(TrainSettings.SPLIT.get(s))
        .minQuality(minQuality == null ? Double.NEGATIVE_INFINITY : minQuality)
        .logEvery(TrainSettings.LOG_EVERY.get(s))
        .device(TrainSettings.DEVICE.get(s).toLowerCase(Locale.ROOT))
        .workers(TrainSettings.WORKERS.get(s))
        .innerSteps(TrainSettings.INNER_STEPS.get(s))
        .outerLr(orNaN(TrainSettings.OUTER_LR.get(s)))
        .outerMomentum(orNaN(TrainSettings.OUTER_MOMENTUM.get(s)))
        .innerOptimizer(TrainSettings.INNER_OPTIMIZER.get(s))
        .exchangeDir(TrainSettings.EXCHANGE_DIR.get(s))
        .maxBadSteps(TrainSettings.MAX_BAD_STEPS.get(s))
        .faults(FaultPlan.parse(TrainSettings.FAULTS.get(s), TrainSettings.FAULTS.key()))
        .build();
  }

  /** A builder over the declared defaults; set at least the tokenizer, the output and the run length. */
  public static Builder builder(Lakehouse lakehouse) {
    return new Builder(lakehouse);
  }

  /** This config as a builder, to derive a variant (tests, the demo's stages). */
  public Builder toBuilder() {
    return new Builder(lakehouse).tokenizerDir(tokenizerDir).preset(preset).stage(stage).steps(steps).epochs(epochs)
        .batchSize(batchSize).learningRate(learningRate).schedule(schedule).warmupSteps(warmupSteps)
        .minLrRatio(minLrRatio).weightDecay(weightDecay).clipNorm(clipNorm).imageLossWeight(imageLossWeight).seed(seed)
        .initCheckpoint(initCheckpoint).initLlama(initLlama).outputDir(outputDir).checkpointEvery(checkpointEvery)
        .split(split).minQuality(minQuality).logEvery(logEvery).device(device).workers(workers).innerSteps(innerSteps)
        .outerLr(outerLr).outerMomentum(outerMomentum).innerOptimizer(innerOptimizer).exchangeDir(exchangeDir)
        .maxBadSteps(maxBadSteps).faults(faults);
  }

  /** Fluent construction of a {@link TrainConfig}; unset fields take the {@link TrainSettings} defaults. */
  public static final class Builder {
    private final Lakehouse lakehouse;
    private String tokenizerDir;
    private String preset = TrainSettings.PRESET.defaultValue();
    private TrainStage stage = TrainSettings.STAGE.defaultValue();
    private long steps = TrainSettings.STEPS.defaultValue();
    private int epochs = TrainSettings.EPOCHS.defaultValue();
    private int batchSize = TrainSettings.BATCH_SIZE.defaultValue();
    private double learningRate = Double.NaN;
    private ScheduleKind schedule;
    private long warmupSteps = TrainSettings.WARMUP_STEPS.defaultValue();
    private double minLrRatio = TrainSettings.MIN_LR_RATIO.defaultValue();
    private double weightDecay = TrainSettings.WEIGHT_DECAY.defaultValue();
    private double clipNorm = TrainSettings.CLIP_NORM.defaultValue();
    private double imageLossWeight = TrainSettings.IMAGE_LOSS_WEIGHT.defaultValue();
    private long seed = TrainSettings.SEED.defaultValue();
    private String initCheckpoint;
    private String initLlama;
    private String outputDir;
    private int checkpointEvery = TrainSettings.CHECKPOINT_EVERY.defaultValue();
    private String split = TrainSettings.SPLIT.defaultValue();
    private double minQuality = Double.NEGATIVE_INFINITY;
    private int logEvery = TrainSettings.LOG_EVERY.defaultValue();
    private String device = TrainSettings.DEVICE.defaultValue();
    private int workers = TrainSettings.WORKERS.defaultValue();
    private int innerSteps = TrainSettings.INNER_STEPS.defaultValue();
    private double outerLr = Double.NaN;
    private double outerMomentum = Double.NaN;
    private String innerOptimizer = TrainSettings.INNER_OPTIMIZER.defaultValue();
    private String exchangeDir;
    private int maxBadSteps = TrainSettings.MAX_BAD_STEPS.defaultValue();
    private FaultPlan faults = FaultPlan.none();

    private Builder(Lakehouse lakehouse) {
      this.lakehouse = lakehouse;
    }

    public Builder tokenizerDir(String v) {
      tokenizerDir = v;
      return this;
    }

    public Builder preset(String v) {
      preset = v;
      return this;
    }

    public Builder stage(TrainStage v) {
      stage = v;
      return this;
    }

    public Builder steps(long v) {
      steps = v;
      return this;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** NaN: the stage's default. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** null: the stage's default. */
    public Builder schedule(ScheduleKind v) {
      schedule = v;
      return this;
    }

    public Builder warmupSteps(long v) {
      warmupSteps = v;
      return this;
    }

    public Builder minLrRatio(double v) {
      minLrRatio = v;
      return this;
    }

    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    public Builder clipNorm(double v) {
      clipNorm = v;
      return this;
    }

    public Builder imageLossWeight(double v) {
      imageLossWeight = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder initCheckpoint(String v) {
      initCheckpoint = v;
      return this;
    }

    public Builder initLlama(String v) {
      initLlama = v;
      return this;
    }

    public Builder outputDir(String v) {
      outputDir = v;
      return this;
    }

    public Builder checkpointEvery(int v) {
      checkpointEvery = v;
      return this;
    }

    public Builder split(String v) {
      split = v;
      return this;
    }

    public Builder minQuality(double v) {
      minQuality = v;
      return this;
    }

    public Builder logEvery(int v) {
      logEvery = v;
      return this;
    }

    public Builder device(String v) {
      device = v;
      return this;
    }

    public Builder workers(int v) {
      workers = v;
      return this;
    }

    public Builder innerSteps(int v) {
      innerSteps = v;
      return this;
    }

    /** NaN: 0.7 with several workers, 1 with one. */
    public Builder outerLr(double v) {
      outerLr = v;
      return this;
    }

    /** NaN: 0.9 with several workers, 0 with one. */
    public Builder outerMomentum(double v) {
      outerMomentum = v;
      return this;
    }

    public Builder innerOptimizer(String v) {
      innerOptimizer = v;
      return this;
    }

    public Builder exchangeDir(String v) {
      exchangeDir = v;
      return this;
    }

    public Builder maxBadSteps(int v) {
      maxBadSteps = v;
      return this;
    }

    public Builder faults(FaultPlan v) {
      faults = v;
      return this;
    }

    /** Parses a fault plan (see {@link FaultPlan}); for tests and drills. */
    public Builder faults(String spec) {
      return faults(FaultPlan.parse(spec, TrainSettings.FAULTS.key()));
    }

    public TrainConfig build() {
      return new TrainConfig(lakehouse, tokenizerDir, preset, stage, steps, epochs, batchSize, learningRate, schedule,
          warmupSteps, minLrRatio, weightDecay, clipNorm, imageLossWeight, seed, initCheckpoint, initLlama, outputDir,
          checkpointEvery, split, minQuality, logEvery, device, workers, innerSteps, outerLr, outerMomentum,
          innerOptimizer, exchangeDir, maxBadSteps, faults);
    }
  }

  /** The peak learning rate: the configured one, else the stage's. */
  public double peakLearningRate() {
    return Double.isNaN(learningRate) ? stage.defaultLearningRate() : learningRate;
  }

  public ScheduleKind scheduleKind() {
    return schedule == null ? stage.defaultSchedule() : schedule;
  }

  /** Warm-up steps of a run of {@code totalSteps}. */
  public long warmup(long totalSteps) {
    return warmupSteps >= 0 ? warmupSteps : Math.min(PAPER_WARMUP_STEPS, totalSteps / 10);
  }

  public LearningRateSchedule learningRateSchedule(long totalSteps) {
    return scheduleKind().schedule(peakLearningRate(), warmup(totalSteps), totalSteps, minLrRatio);
  }

  /**
   * Optimizer steps of the run (per worker): {@code steps}, or {@code epochs} x the steps an epoch of
   * {@code rows} takes when {@code workers} workers each take {@code batchSize} rows a step.
   */
  public long totalSteps(long rows, int workers) {
    long perStep = (long) batchSize * workers;
    return steps > 0 ? steps : epochs * ((rows + perStep - 1) / perStep);
  }

  /** The settings that decide what a run computes: a resumed run must agree on all of them. */
  public Map<String, Object> identity() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lakehouse", lakehouse.root());
    m.put("tokenizer", absolute(tokenizerDir));
    m.put("preset", preset);
    m.put("stage", stage.label());
    m.put("steps", steps);
    m.put("epochs", epochs);
    m.put("batch_size", batchSize);
    m.put("lr", peakLearningRate());
    m.put("schedule", scheduleKind().name().toLowerCase(Locale.ROOT));
    m.put("warmup_steps", warmupSteps);
    m.put("min_lr_ratio", minLrRatio);
    m.put("weight_decay", weightDecay);
    m.put("clip_norm", clipNorm);
    m.put("image_loss_weight", imageLossWeight);
    m.put("seed", seed);
    m.put("init_checkpoint", initCheckpoint == null ? null : absolute(initCheckpoint));
    // a list, as when it named files: the identity of runs without an LLM stays what they recorded
    m.put("init_llama", initLlama == null ? List.of() : List.of(absolute(initLlama)));
    m.put("checkpoint_every", checkpointEvery);
    m.put("split", split);
    m.put("min_quality", Double.isInfinite(minQuality) ? null : minQuality);
    m.put("inner_steps", innerSteps);
    m.put("outer_lr", Double.isNaN(outerLr) ? null : outerLr);
    m.put("outer_momentum", Double.isNaN(outerMomentum) ? null : outerMomentum);
    m.put("inner_optimizer", innerOptimizer);
    m.put("exchange_dir", exchangeRoot());
    return m;
  }

  /** Every setting as JSON (the identity plus output, logging and device), saved beside each checkpoint. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>(identity());
    m.put("output", outputDir);
    m.put("log_every", logEvery);
    m.put("device", device);
    m.put("workers", workers);
    m.put("max_bad_steps", maxBadSteps);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of plain values always serialises", e);
    }
  }

  /** The outer learning rate in force with {@code n} workers. */
  public double outerLr(int n) {
    return !Double.isNaN(outerLr) ? outerLr : n > 1 ? 0.7 : 1.0;
  }

  /** The outer momentum in force with {@code n} workers. */
  public double outerMomentum(int n) {
    return !Double.isNaN(outerMomentum) ? outerMomentum : n > 1 ? 0.9 : 0.0;
  }

  /** The exchange store's root: {@code train.exchange_dir}, else {@code <output>/rounds} (as an absolute path). */
  public String exchangeRoot() {
    if (exchangeDir != null && !exchangeDir.isBlank()) {
      return exchangeDir.contains("://") || exchangeDir.startsWith("file:") ? exchangeDir : absolute(exchangeDir);
    }
    return absolute(outputDir) + "/rounds";
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  /** Paths compare as absolute paths: a relative and an absolute spelling of one directory are the same run. */
  private static String absolute(String path) {
    return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw invalid(message);
    }
  }

  private static PipelineException invalid(String message) {
    return TrainingErrors.error(TrainingErrors.TRAIN_CONFIG_INVALID, message);
  }
}
