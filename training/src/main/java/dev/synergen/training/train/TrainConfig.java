package dev.synergen.training.train;

import static dev.synergen.training.train.TrainErrors.CONFIG_INVALID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.config.Settings;
import dev.synergen.training.optim.LearningRateSchedule;
import java.util.Arrays;
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
 * @param initLlama Llama/InternLM2 safetensors files imported into the text path, or empty
 * @param outputDir where checkpoints go; re-running with the same directory resumes the run in it
 * @param checkpointEvery steps per round: each round ends with a checkpoint and a metrics commit
 * @param split the {@code sequences} split to read
 * @param minQuality rows with a lower quality are skipped (S2 reads the high-quality part)
 * @param logEvery steps per progress line and {@code training_metrics} row
 * @param device auto, cpu, gpu, or gpu:N
 */
public record TrainConfig(Lakehouse lakehouse, String tokenizerDir, String preset, TrainStage stage, long steps,
    int epochs, int batchSize, double learningRate, ScheduleKind schedule, long warmupSteps, double minLrRatio,
    double weightDecay, double clipNorm, double imageLossWeight, long seed, String initCheckpoint,
    List<String> initLlama, String outputDir, int checkpointEvery, String split, double minQuality, int logEvery,
    String device) {
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
    initLlama = List.copyOf(initLlama == null ? List.of() : initLlama);
    require(initCheckpoint == null || initLlama.isEmpty(), "train.init_checkpoint and train.init_llama exclude each"
        + " other: start from a SynerGen checkpoint or from an imported LLM, not both");
    require(checkpointEvery >= 1 && logEvery >= 1, "train.checkpoint_every and train.log_every must be >= 1, got "
        + checkpointEvery + ", " + logEvery);
    require(split != null && !split.isBlank(), "train.split must not be blank");
    require(!Double.isNaN(minQuality) && minQuality < Double.POSITIVE_INFINITY, "train.min_quality must be a number"
        + " (-Infinity = no filter), got " + minQuality);
    TrainDevice.requireValidChoice(device);
  }

  /**
   * Reads {@code lakehouse} and {@code train.{tokenizer, preset, stage, steps, epochs, batch_size, lr, schedule,
   * warmup_steps, min_lr_ratio, weight_decay, clip_norm, image_loss_weight, seed, init_checkpoint, init_llama,
   * output, checkpoint_every, split, min_quality, log_every, device}}.
   */
  public static TrainConfig from(Settings s) {
    return from(s, null);
  }

  /** As {@link #from(Settings)}, with the tokenizer directory used when {@code train.tokenizer} is not set. */
  public static TrainConfig from(Settings s, String defaultTokenizerDir) {
    Lakehouse lakehouse = new Lakehouse(s.string("lakehouse", Lakehouse.DEFAULT_ROOT));
    TrainStage stage = s.enumValue("train.stage", TrainStage.FULL, TrainStage.class);
    String schedule = s.string("train.schedule", null);
    String llama = s.string("train.init_llama", null);
    List<String> llamaFiles = llama == null ? List.of()
        : Arrays.stream(llama.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
    return new TrainConfig(lakehouse,
        s.string("train.tokenizer", defaultTokenizerDir),
        s.string("train.preset", "small").trim().toLowerCase(Locale.ROOT),
        stage,
        s.longValue("train.steps", 0, 0, Long.MAX_VALUE / 2),
        s.integer("train.epochs", 0, 0, 1_000_000),
        s.integer("train.batch_size", 16, 1, 1 << 16),
        s.decimal("train.lr", Double.NaN, Double.MIN_VALUE, 10),
        schedule == null ? null : s.enumValue("train.schedule", null, ScheduleKind.class),
        s.longValue("train.warmup_steps", -1, -1, Long.MAX_VALUE / 2),
        s.decimal("train.min_lr_ratio", 0.1, 0, 1),
        s.decimal("train.weight_decay", 0.05, 0, 10),
        s.decimal("train.clip_norm", 1.0, 0, 1e6),
        s.decimal("train.image_loss_weight", 2.0, 0, 1e3),
        s.longValue("train.seed", 0, Long.MIN_VALUE, Long.MAX_VALUE),
        s.string("train.init_checkpoint", null),
        llamaFiles,
        s.requiredString("train.output"),
        s.integer("train.checkpoint_every", 200, 1, Integer.MAX_VALUE),
        s.string("train.split", "train"),
        s.decimal("train.min_quality", Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, Double.MAX_VALUE),
        s.integer("train.log_every", 10, 1, Integer.MAX_VALUE),
        s.string("train.device", "auto").trim().toLowerCase(Locale.ROOT));
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

  /** Optimizer steps of the run: {@code steps}, or {@code epochs} x batches per epoch of {@code rows}. */
  public long totalSteps(long rows) {
    return steps > 0 ? steps : epochs * ((rows + batchSize - 1) / batchSize);
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
    m.put("init_llama", initLlama.stream().map(TrainConfig::absolute).toList());
    m.put("checkpoint_every", checkpointEvery);
    m.put("split", split);
    m.put("min_quality", Double.isInfinite(minQuality) ? null : minQuality);
    return m;
  }

  /** Every setting as JSON (the identity plus output, logging and device), saved beside each checkpoint. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>(identity());
    m.put("output", outputDir);
    m.put("log_every", logEvery);
    m.put("device", device);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of plain values always serialises", e);
    }
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
    return new PipelineException(CONFIG_INVALID, message);
  }
}
