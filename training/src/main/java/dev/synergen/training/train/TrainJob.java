package dev.synergen.training.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ParameterCount;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.optim.AdamW;
import dev.synergen.training.optim.AdamWConfig;
import dev.synergen.training.optim.TrainStep;
import dev.synergen.training.weights.Checkpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen train}: one worker trains a SynerGen model on the {@code sequences} table.
 *
 * <p>The run reads {@code sequences} at the Delta version current when it starts (recorded, and
 * reused on resume), rows of one split, a minimum quality and the tokenizer versions of {@code
 * train.tokenizer}, in a seeded order per epoch. Each round of {@code checkpointEvery} steps runs
 * the {@link WorkerLoop} and ends with a checkpoint ({@link TrainOutput}: model, AdamW state,
 * position in the data), its {@code training_metrics} rows (appended once per run id and round),
 * its rejects and a {@code checkpoints} row (MERGE on run, stage and round).
 *
 * <p>Re-running the same command resumes from the newest checkpoint of the output directory under
 * the original run id and continues exactly: the same batches, the same updates, the same final
 * weights as an uninterrupted run. A finished run re-run does nothing.
 */
public final class TrainJob {
  public static final String JOB = "train";

  /** Test hook: called after every completed step, so tests can inject a crash there. */
  static LongConsumer afterStep = step -> {};
  /** Test hook: called after every checkpoint with its round. */
  static IntConsumer afterCheckpoint = round -> {};

  private TrainJob() {}

  public static JobSummary run(SparkSession spark, TrainConfig config, RunId runId, PrintStream out)
      throws IOException {
    Instant started = Instant.now();
    TrainOutput output = new TrainOutput(Path.of(config.outputDir()));
    TrainOutput.Resumable resume = output.latest();
    if (resume != null) {
      resume.state().requireSameIdentity(config, output.root().toString());
    }
    try (TokenizerDir tokenizers = TokenizerDir.open(Path.of(config.tokenizerDir()))) {
      Path resumeFrom = resume == null ? null : resume.checkpoint();
      ModelConfig modelConfig = ModelSetup.config(config, tokenizers, resumeFrom);
      Device device = TrainDevice.resolve(config.device());
      ModelSetup.requireTrainable(modelConfig, device);
      SequenceSource source = SequenceSource.open(spark, config.lakehouse(),
          resume == null ? null : resume.state().sequencesVersion, config.split(), config.minQuality(),
          tokenizers.imageVersion(), tokenizers.textVersion(), tokenizers.layout().pad());
      TrainingState state = resume != null ? resume.state()
          : new TrainingState(runId.value(), source.version(), TrainingState.identityOf(config));
      long total = config.totalSteps(source.rowCount());
      out.printf(Locale.ROOT, "%s run %s: %s model, stage %s, %d steps of %d rows (%,d rows of sequences v%d), on %s%n",
          resume == null ? "starting" : "resuming at step " + state.step + " of", state.runId, modelConfig.name(),
          config.stage().label(), total, config.batchSize(), source.rowCount(), source.version(), device);
      if (resume == null && config.initCheckpoint() == null && config.initLlama().isEmpty()
          && (config.stage() == TrainStage.S1 || config.stage() == TrainStage.S2)) {
        out.println("warning: stage " + config.stage().label() + " freezes the LLM, but this run starts from random"
            + " weights (no --init-llama or --init-checkpoint): the frozen groups stay random");
      }
      Run run = new Run(spark, config, tokenizers, output, state, source, total, out);
      try (NDManager manager = NDManager.newBaseManager(device);
          SynerGenModel model = ModelSetup.create(config, modelConfig, resumeFrom, manager)) {
        model.setTrainableGroups(config.stage().trainableGroups());
        try (AdamW adam = new AdamW(model, AdamWConfig.paper().withWeightDecay(config.weightDecay()))) {
          if (resume != null) {
            OptimizerState.restore(adam, resumeFrom.resolve(TrainOutput.RESUME_DIR).resolve(OptimizerState.FILE));
          }
          run.train(model, adam);
        }
        return run.summary(started, model.parameterCount(), device);
      }
    }
  }

  /** One invocation's loop over rounds; the state it advances is what checkpoints save. */
  private static final class Run {
    private final SparkSession spark;
    private final TrainConfig config;
    private final TokenizerDir tokenizers;
    private final TrainOutput output;
    private final TrainingState state;
    private final SequenceSource source;
    private final long total;
    private final PrintStream out;
    private final MetricsLog log;
    private long checkpointedStep;
    private Path lastCheckpoint;
    /** Rows trained by earlier invocations of this run: the summary's "already present". */
    private final long rowsAtStart;

    Run(SparkSession spark, TrainConfig config, TokenizerDir tokenizers, TrainOutput output, TrainingState state,
        SequenceSource source, long total, PrintStream out) {
      this.spark = spark;
      this.config = config;
      this.tokenizers = tokenizers;
      this.output = output;
      this.state = state;
      this.source = source;
      this.total = total;
      this.out = out;
      this.log = new MetricsLog(state.runId, config.stage().label());
      this.checkpointedStep = state.step;
      this.rowsAtStart = state.rowsTrained;
      this.lastCheckpoint = output.latestCheckpointPath();
    }

    boolean done() {
      return config.steps() > 0 ? state.step >= config.steps() : state.epoch >= config.epochs();
    }

    void train(SynerGenModel model, AdamW adam) throws IOException {
      TrainStep step = new TrainStep(model, adam, config.learningRateSchedule(total), config.imageLossWeight(),
          config.clipNorm());
      WorkerLoop loop = new WorkerLoop(step, model.config(), config.batchSize());
      if (done()) {
        out.println("run " + state.runId + " is already complete at step " + state.step + "; nothing to do");
      }
      TrainProgress progress = new TrainProgress(state, log, out, total, config.logEvery(), config.checkpointEvery(),
          afterStep);
      int every = config.checkpointEvery();
      Iterator<SequenceRow> rows = null;
      while (!done()) {
        if (rows == null) {
          rows = source.epoch(state.epoch, config.seed(), state.position);
        }
        long roundEnd = (state.step / every + 1) * every;
        long budget = (config.steps() > 0 ? Math.min(roundEnd, config.steps()) : roundEnd) - state.step;
        boolean freshEpoch = state.position == null;
        WorkerLoop.Outcome outcome = loop.run(rows, budget, progress);
        if (outcome.last() != null) {
          state.position = outcome.last().position();
        }
        if (outcome.exhausted()) {
          if (freshEpoch && outcome.steps() == 0) {
            throw new PipelineException(TrainErrors.NO_SEQUENCES, "every one of the " + source.rowCount()
                + " rows of sequences v" + source.version() + " was rejected (" + state.rejected + "); see the"
                + " rejects table (stage " + JOB + ")");
          }
          state.epoch++;
          state.position = null;
          rows = null;
        }
        if (state.step > checkpointedStep && (state.step % every == 0 || done())) {
          progress.endInterval();
          checkpoint(model, adam);
          progress.restartClock();
        }
      }
    }

    private void checkpoint(SynerGenModel model, AdamW adam) throws IOException {
      int round = TrainProgress.round(state.step, config.checkpointEvery());
      Path dir = output.checkpointDir(state.step);
      Map<String, Long> versions = Map.of(PipelineTables.SEQUENCES.name(), state.sequencesVersion);
      CheckpointMetadata meta = new CheckpointMetadata(state.runId, config.stage().label(), config.preset(),
          state.step, round, tokenizers.path().toString(), tokenizers.textVersion(), tokenizers.imageVersion(),
          versions, config.toJson());
      Map<String, String> digests = output.save(dir, model, adam, state, meta);
      log.flush(spark, config.lakehouse(), round);
      Row row = RowFactory.create(state.runId, config.stage().label(), round, state.step, dir.toString(),
          digests.get(Checkpoint.WEIGHTS),
          scala.jdk.javaapi.CollectionConverters.asScala(versions), config.toJson(), Timestamp.from(Instant.now()));
      DeltaTables.insertNew(spark, config.lakehouse(), PipelineTables.CHECKPOINTS,
          spark.createDataFrame(List.of(row), PipelineTables.CHECKPOINTS.schema()));
      output.publish(dir, state);
      checkpointedStep = state.step;
      lastCheckpoint = dir;
      out.printf(Locale.ROOT, "checkpoint %s (round %d)%n", dir, round);
      afterCheckpoint.accept(round);
    }

    JobSummary summary(Instant started, ParameterCount parameters, Device device) {
      long rejected = state.rejected.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Long> written = new LinkedHashMap<>();
      for (var spec : List.of(PipelineTables.TRAINING_METRICS, PipelineTables.CHECKPOINTS)) {
        if (state.rowsTrained > rowsAtStart && DeltaTables.exists(spark, config.lakehouse(), spec)) {
          written.put(spec.name(), DeltaTables.currentVersion(spark, config.lakehouse(), spec));
        }
      }
      double seconds = state.trainMillis / 1000;
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("run_id", state.runId);
      extra.put("model", parameters.total() + " parameters, " + parameters.trainable(config.stage().trainableGroups())
          + " trained (stage " + config.stage().label() + ")");
      extra.put("device", device.toString());
      extra.put("steps", state.step);
      extra.put("epochs_done", state.epoch);
      extra.put("final_loss", round4(state.lastLoss));
      extra.put("final_text_loss", round4(state.lastTextLoss));
      extra.put("final_image_loss", round4(state.lastImageLoss));
      extra.put("pairs_per_s", round4(state.samples / Math.max(1e-9, seconds)));
      extra.put("tokens_per_s", Math.round(state.tokens / Math.max(1e-9, seconds)));
      extra.put("train_seconds", round4(seconds));
      extra.put("checkpoint", String.valueOf(lastCheckpoint));
      return new JobSummary(JOB, state.runId, started, Instant.now(), state.rowsTrained + rejected,
          state.rowsTrained - rowsAtStart, rowsAtStart, state.rejected, Map.of(PipelineTables.SEQUENCES.name(), state.sequencesVersion), written, extra);
    }

    private static double round4(double v) {
      return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
    }
  }
}
