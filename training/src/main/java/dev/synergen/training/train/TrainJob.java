package dev.synergen.training.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.DirectoryLock;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.ProgressListener;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.HadoopConf;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.ParameterCount;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.CheckpointMetadata;
import dev.synergen.training.weights.TokenizerDir;
import dev.synergen.training.worker.ExchangeStore;
import dev.synergen.training.worker.ParameterShards;
import dev.synergen.training.worker.RoundPaths;
import dev.synergen.training.worker.RoundSpec;
import dev.synergen.training.worker.WorkerReport;
import dev.synergen.training.worker.WorkerRounds;
import dev.synergen.training.worker.WorkerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code synergen train}: trains a SynerGen model on the {@code sequences} table with
 * {@code train.workers} data-parallel workers, the tasks of one Spark barrier stage per round.
 *
 * <p>The run reads {@code sequences} at the Delta version current when it starts (recorded, and
 * reused on resume), rows of one split, a minimum quality and the tokenizer versions of {@code
 * train.tokenizer}, in a seeded global order per epoch. Each round takes the next {@code workers x
 * inner_steps x batch} rows of that order ({@link RoundSlice}); each worker runs {@code inner_steps}
 * optimizer steps on its share from the global weights, then the workers exchange their
 * pseudo-gradients through shared storage and take DiLoCo's outer Nesterov step ({@link
 * WorkerRounds}). With one worker the outer step is the identity, which is plain training.
 *
 * <p>Every round ends with its state in the exchange store, its {@code training_metrics} rows
 * (appended once per run id and round) and its rejects; every {@code checkpoint_every} steps and at
 * the end a model checkpoint with a {@code checkpoints} row; then LATEST.json moves on. Re-running
 * the same command resumes after the newest complete round under the original run id and ends as an
 * uninterrupted run would; the worker count may change between runs. A finished run re-run does nothing.
 */
public final class TrainJob {
  public static final String JOB = "train";
  static final String INIT_CONFIG = "init/config.json";
  /** How long the first round waits for executors to register before refusing a barrier stage that cannot fit. */
  static final long PREFLIGHT_WAIT_MILLIS = 60_000;

  private TrainJob() {}

  public static JobSummary run(SparkSession spark, TrainConfig config, RunId runId, PrintStream out)
      throws IOException {
    // one run per output: a second would interleave checkpoints and LATEST.json with the first
    try (DirectoryLock lock = DirectoryLock.acquire(Path.of(config.outputDir()), "synergen train " + runId.value());
        JobDescription job = JobDescription.of(spark, JOB)) {
      return execute(spark, config, runId, out);
    }
  }

  private static JobSummary execute(SparkSession spark, TrainConfig config, RunId runId, PrintStream out)
      throws IOException {
    Instant started = Instant.now();
    TrainOutput output = new TrainOutput(Path.of(config.outputDir()));
    HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    String pointerRun = runOfOutput(output);
    String runIdValue = pointerRun != null ? pointerRun : runId.value();
    ExchangeStore store = new ExchangeStore(config.exchangeRoot() + "/" + runIdValue, hadoop);
    TrainOutput.Resumable resume = output.latest(store);
    if (resume != null) {
      resume.state().requireSameIdentity(config, output.root().toString());
    }
    try (TokenizerDir tokenizers = TokenizerDir.open(Path.of(config.tokenizerDir()))) {
      ModelSetup setup = resume == null ? ModelSetup.forNewRun(config, tokenizers) : null;
      ModelConfig model = setup != null ? setup.model()
          : ModelSetup.forResume(config, tokenizers, store.readString(INIT_CONFIG), store.root() + "/" + INIT_CONFIG);
      if (spark.sparkContext().master().startsWith("local")) {
        ModelSetup.requireTrainable(model, TaskDevice.resolve(config.device()));
      }
      SequenceSource source = SequenceSource.open(spark, config.lakehouse(),
          resume == null ? null : resume.state().sequencesVersion, config.split(), config.minQuality(),
          tokenizers.imageVersion(), tokenizers.textVersion(), tokenizers.layout().pad(), config.stage().textOnly());
      TrainingState state = resume != null ? resume.state()
          : new TrainingState(runIdValue, source.version(), TrainingState.identityOf(config));
      int workers = config.workers();
      long total = config.totalSteps(source.rowCount(), workers);
      out.printf(Locale.ROOT, "%s run %s: %s model, stage %s, %d steps of %d x %d rows (%,d rows of sequences v%d),"
              + " %d worker(s), %d inner steps per round, outer lr %s momentum %s%n",
          resume == null ? "starting" : "resuming at step " + state.step + " of", state.runId, model.name(),
          config.stage().label(), total, workers, config.batchSize(), source.rowCount(), source.version(), workers,
          config.innerSteps(), config.outerLr(workers), config.outerMomentum(workers));
      if (resume == null && config.initCheckpoint() == null && config.initLlama() == null
          && (config.stage() == TrainStage.S1 || config.stage() == TrainStage.S2)) {
        out.println("warning: stage " + config.stage().label() + " freezes the LLM, but this run starts from random"
            + " weights (no --init-llama or --init-checkpoint): the frozen groups stay random");
      }
      Run run = new Run(spark, config, tokenizers, output, store, state, source, model, total, out);
      if (!run.done()) {
        ClusterPreflight.check(spark, workers, PREFLIGHT_WAIT_MILLIS);
        if (resume == null) {
          if (config.exchangeDir() == null || config.exchangeDir().isBlank()) {
            // without LATEST.json, the default store holds only what crashed first rounds of this output left
            new ExchangeStore(config.exchangeRoot(), hadoop).deleteAll();
          }
          writeInitialWeights(store, setup, model);
          run.publishStart();
        }
      }
      run.train();
      return run.summary(started);
    } finally {
      WorkerRounds.release(runIdValue);
    }
  }

  /** The run id LATEST.json names, so a resumed run keeps its id (and finds its exchange store). */
  private static String runOfOutput(TrainOutput output) throws IOException {
    var pointer = dev.synergen.training.weights.LatestCheckpoint.pointer(output.root());
    return pointer == null ? null : pointer.runId();
  }

  /** Every parameter of the run's starting model, once: workers build their models from it. */
  private static void writeInitialWeights(ExchangeStore store, ModelSetup setup, ModelConfig model)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
        SynerGenModel initial = setup.create(manager)) {
      Map<String, float[]> values = new LinkedHashMap<>();
      Map<String, long[]> shapes = new LinkedHashMap<>();
      for (ModelParameter p : initial.parameters()) {
        values.put(p.name(), p.toFloats());
        shapes.put(p.name(), p.shape().getShape());
      }
      store.writeTensors(RoundPaths.INIT, values, shapes, Map.of("config", model.name()));
      store.writeString(INIT_CONFIG, model.toJson());
    }
  }

  /** One invocation's loop over rounds; the state it advances is what each round records. */
  private static final class Run {
    private final SparkSession spark;
    private final TrainConfig config;
    private final TokenizerDir tokenizers;
    private final TrainOutput output;
    private final ExchangeStore store;
    private final TrainingState state;
    private final SequenceSource source;
    private final ModelConfig model;
    private final long total;
    private final PrintStream out;
    private final MetricsLog log;
    private final LongAccumulator rowsDone;
    private Path lastCheckpoint;
    private long exchangedBytes;
    private double exchangeMillis;
    /** Rows trained by earlier invocations of this run: the summary's "already present". */
    private final long rowsAtStart;
    private long intervalStart = System.nanoTime();
    private boolean placementShown;

    Run(SparkSession spark, TrainConfig config, TokenizerDir tokenizers, TrainOutput output, ExchangeStore store,
        TrainingState state, SequenceSource source, ModelConfig model, long total, PrintStream out) throws IOException {
      this.spark = spark;
      this.config = config;
      this.tokenizers = tokenizers;
      this.output = output;
      this.store = store;
      this.state = state;
      this.source = source;
      this.model = model;
      this.total = total;
      this.out = out;
      this.log = new MetricsLog(state.runId, config.stage().label());
      this.rowsAtStart = state.rowsTrained;
      this.rowsDone = spark.sparkContext().longAccumulator(ProgressListener.ROWS_ACCUMULATOR);
      this.lastCheckpoint = dev.synergen.training.weights.LatestCheckpoint.read(output.root());
    }

    boolean done() {
      return config.steps() > 0 ? state.step >= config.steps() : state.epoch >= config.epochs();
    }

    void train() throws IOException {
      if (done()) {
        out.println("run " + state.runId + " is already complete at step " + state.step + "; nothing to do");
        return;
      }
      int workers = config.workers();
      ParameterShards shards = shards(workers);
      WorkerSettings settings = workerSettings(workers);
      while (!done()) {
        long round = state.round + 1;
        long planned = config.steps() > 0 ? Math.min(config.innerSteps(), config.steps() - state.step)
            : config.innerSteps();
        int epochLimit = config.steps() > 0 ? Integer.MAX_VALUE : config.epochs();
        List<WorkerReport> reports;
        long sliceRows;
        long chunks;
        try (RoundSlice slice = RoundSlice.of(source, config.seed(), state.epoch, state.position, workers,
            config.batchSize(), planned, epochLimit)) {
          sliceRows = slice.count();
          chunks = slice.chunks();
          if (sliceRows == 0) {
            state.epoch = slice.nextEpoch();
            state.position = null;
            break;
          }
          RoundSpec spec = new RoundSpec(settings, state.runId, round, workers, state.step, chunks, total,
              model.toJson(), store, state.round, state.workers, allShards(shards), source.pad());
          reports = BarrierRound.run(spark, spec, slice.byWorker(), rowsDone);
          state.epoch = slice.nextEpoch();
          state.position = slice.position();
        }
        long trained = reports.stream().mapToLong(WorkerReport::rows).sum();
        if (trained == 0) {
          throw TrainingErrors.error(TrainingErrors.TRAIN_NO_SEQUENCES, "every one of the " + sliceRows + " rows of"
              + " round " + round + " was rejected (" + rejectedIn(reports) + "); see the rejects table (stage " + JOB
              + ")");
        }
        long stepBefore = state.step;
        record(round, reports, chunks, workers);
        publish(round, stepBefore);
        config.faults().at("after_round", "round", round);
      }
    }

    /** Folds the workers' reports into the state and the metrics of the round. */
    private void record(long round, List<WorkerReport> reports, long steps, int workers) {
      state.step += steps;
      state.round = round;
      state.workers = workers;
      double loss = 0;
      double text = 0;
      double image = 0;
      int reporting = 0;
      long bytes = 0;
      double exchange = 0;
      for (WorkerReport r : reports) {
        state.rowsTrained += r.rows();
        state.samples += r.samples();
        state.tokens += r.tokens();
        state.skippedSteps += r.skippedSteps();
        state.trainMillis = Math.max(state.trainMillis, 0) + r.trainMillis() / reports.size();
        bytes += r.bytesWritten() + r.bytesRead();
        exchange = Math.max(exchange, r.exchangeMillis());
        for (WorkerReport.Reject reject : r.rejects()) {
          state.rejected.merge(reject.reason(), 1L, Long::sum);
          log.reject(reject.seqId(), reject.reason(), reject.detail());
        }
        List<WorkerReport.Interval> intervals = r.intervals();
        for (int i = 0; i < intervals.size(); i++) {
          WorkerReport.Interval v = intervals.get(i);
          boolean last = i == intervals.size() - 1;
          log.metric(round, r.worker(), v.step(), v.loss(), v.textLoss(), v.imageLoss(), v.lr(), v.tokens(),
              v.stepMillis(), v.gradNorm(), v.skipped(), v.samples(), last ? r.exchangeMillis() : null,
              last ? r.bytesWritten() + r.bytesRead() : null);
        }
        if (Double.isFinite(r.lastLoss())) {
          loss += r.lastLoss();
          text += r.lastTextLoss();
          image += r.lastImageLoss();
          reporting++;
        }
      }
      if (reporting > 0) {
        state.lastLoss = loss / reporting;
        state.lastTextLoss = text / reporting;
        state.lastImageLoss = image / reporting;
      }
      exchangedBytes += bytes;
      exchangeMillis += exchange;
      progress(round, reports, bytes, exchange);
    }

    /**
     * Round 0: the initial weights are in the store and LATEST.json names the run, so a run killed in
     * its first round resumes under its own id (and its rows stay its own) instead of starting another.
     */
    void publishStart() throws IOException {
      store.writeString(RoundPaths.state(state.round), state.toJson());
      output.publish(null, state);
    }

    /** Writes the round's rows and state, a model checkpoint when one is due, then moves LATEST.json. */
    private void publish(long round, long stepBefore) throws IOException {
      log.flush(spark, config.lakehouse(), round);
      store.writeString(RoundPaths.state(round), state.toJson());
      int every = config.checkpointEvery();
      if (state.step / every > stepBefore / every || done()) {
        checkpoint(round);
      }
      output.publish(lastCheckpoint, state);
      store.delete(RoundPaths.deltas(round));
      if (round > 2) {
        store.delete(RoundPaths.round(round - 2));
      }
    }

    private void checkpoint(long round) throws IOException {
      Path dir = output.checkpointDir(state.step);
      Map<String, Long> versions = Map.of(PipelineTables.SEQUENCES.name(), state.sequencesVersion);
      CheckpointMetadata meta = new CheckpointMetadata(state.runId, config.stage().label(), config.preset(),
          state.step, (int) round, tokenizers.path().toString(), tokenizers.textVersion(), tokenizers.imageVersion(),
          versions, config.toJson());
      Map<String, String> digests;
      try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
          SynerGenModel current = globalModel(manager, round)) {
        digests = output.saveModel(dir, current, meta, () -> config.faults().at("checkpoint_write", "round", round));
      }
      Row row = RowFactory.create(state.runId, config.stage().label(), (int) round, state.step, dir.toString(),
          digests.get(dev.synergen.training.weights.Checkpoint.WEIGHTS),
          scala.jdk.javaapi.CollectionConverters.asScala(versions), config.toJson(), Timestamp.from(Instant.now()));
      DeltaTables.insertNew(spark, config.lakehouse(), PipelineTables.CHECKPOINTS,
          spark.createDataFrame(List.of(row), PipelineTables.CHECKPOINTS.schema()));
      lastCheckpoint = dir;
      out.printf(Locale.ROOT, "checkpoint %s (round %d)%n", dir, round);
      config.faults().at("after_checkpoint", "round", round);
    }

    /** The global model after {@code round}: the run's initial weights with every trainable shard of the round. */
    private SynerGenModel globalModel(NDManager manager, long round) {
      Map<String, float[]> init = store.readTensors(RoundPaths.INIT);
      SynerGenModel m = SynerGenModel.create(model);
      m.initialize(manager, DataType.FLOAT32, (nd, p, dt) -> nd.create(init.get(p.name()), p.shape()));
      for (int s = 0; s < state.workers; s++) {
        store.readTensors(RoundPaths.global(round, s)).forEach((name, v) -> m.parameter(name).setFloats(v));
      }
      return m;
    }

    private void progress(long round, List<WorkerReport> reports, long bytes, double exchange) {
      double seconds = Math.max(1e-9, (System.nanoTime() - intervalStart) / 1e9);
      intervalStart = System.nanoTime();
      // the logged intervals of all workers, step by step (losses averaged over the workers that logged it)
      java.util.TreeMap<Long, double[]> steps = new java.util.TreeMap<>();
      for (WorkerReport r : reports) {
        for (WorkerReport.Interval v : r.intervals()) {
          double[] a = steps.computeIfAbsent(v.step(), k -> new double[6]);
          if (Double.isFinite(v.loss())) {
            a[0] += v.loss();
            a[1] += v.textLoss();
            a[2] += v.imageLoss();
            a[3]++;
          }
          a[4] = v.lr();
          a[5] = Math.max(a[5], v.gradNorm());
        }
      }
      steps.forEach((step, a) -> out.println(String.format(Locale.ROOT, "step %d/%d (epoch %d, round %d)  loss %.4f"
              + "  text %.4f  image %.4f  lr %.2e  grad %.3g", step, total, state.epoch + 1, round, a[0] / a[3],
          a[1] / a[3], a[2] / a[3], a[4], a[5])));
      long samples = reports.stream().mapToLong(WorkerReport::samples).sum();
      long tokens = reports.stream().mapToLong(WorkerReport::tokens).sum();
      StringBuilder workers = new StringBuilder();
      for (WorkerReport r : reports) {
        workers.append(String.format(Locale.ROOT, " w%d %.4f", r.worker(), r.lastLoss()));
      }
      long left = Math.max(0, total - state.step);
      long stepsThisRound = Math.max(1, reports.stream().mapToLong(WorkerReport::steps).max().orElse(1));
      out.println(String.format(Locale.ROOT, "round %d done at step %d/%d  losses [%s ]  pairs/s %.1f  tokens/s %,.0f"
              + "  exchange %.1f s %s  ETA %s", round, state.step, total, workers.toString().trim(), samples / seconds,
          tokens / seconds, exchange / 1000, megabytes(bytes), duration(left * seconds / stepsThisRound)));
      if (round == state.round && !placementShown) {
        placementShown = true;
        for (WorkerReport r : reports) {
          out.println("worker " + r.worker() + ": executor " + r.executor() + ", device " + r.device()
              + (r.assignedGpu() == null ? "" : " (Spark assigned GPU " + r.assignedGpu()
              + (r.device().startsWith("cpu") ? "; libtorch has no CUDA here, so it runs on the CPU)" : ")")));
        }
      }
      long skipped = reports.stream().mapToLong(WorkerReport::skippedSteps).sum();
      if (skipped > 0) {
        out.println("warning: " + skipped + " step(s) of round " + round + " had a non-finite loss or gradient and"
            + " were skipped without an update (see skipped_steps in training_metrics)");
      }
    }

    private ParameterShards shards(int workers) {
      Map<String, Long> sizes = new LinkedHashMap<>();
      var groups = config.stage().trainableGroups();
      for (ModelParameter p : SynerGenModel.create(model).parameters()) {
        if (groups.contains(p.group())) {
          sizes.put(p.name(), p.size());
        }
      }
      return ParameterShards.of(sizes, workers);
    }

    private WorkerSettings workerSettings(int workers) {
      return new WorkerSettings(config.stage().trainableGroups(), config.innerOptimizer(), config.weightDecay(),
          config.scheduleKind(), config.peakLearningRate(), config.warmup(total), config.minLrRatio(),
          config.imageLossWeight(), config.clipNorm(), config.maxBadSteps(), config.batchSize(), config.logEvery(),
          config.device(), config.faults(), config.outerLr(workers), config.outerMomentum(workers));
    }

    JobSummary summary(Instant started) {
      long rejected = state.rejected.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Long> written = new LinkedHashMap<>();
      for (var spec : List.of(PipelineTables.TRAINING_METRICS, PipelineTables.CHECKPOINTS)) {
        if (state.rowsTrained > rowsAtStart && DeltaTables.exists(spark, config.lakehouse(), spec)) {
          written.put(spec.name(), DeltaTables.currentVersion(spark, config.lakehouse(), spec));
        }
      }
      double seconds = state.trainMillis / 1000;
      ParameterCount parameters = SynerGenModel.count(model);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("run_id", state.runId);
      extra.put("model", parameters.total() + " parameters, " + parameters.trainable(config.stage().trainableGroups())
          + " trained (stage " + config.stage().label() + ")");
      extra.put("workers", config.workers());
      extra.put("steps", state.step);
      extra.put("rounds", state.round);
      extra.put("epochs_done", state.epoch);
      extra.put("final_loss", round4(state.lastLoss));
      extra.put("final_text_loss", round4(state.lastTextLoss));
      extra.put("final_image_loss", round4(state.lastImageLoss));
      extra.put("skipped_steps", state.skippedSteps);
      extra.put("pairs_per_s", round4(state.samples / Math.max(1e-9, seconds)));
      extra.put("tokens_per_s", Math.round(state.tokens / Math.max(1e-9, seconds)));
      extra.put("train_seconds", round4(seconds));
      extra.put("exchange_seconds", round4(exchangeMillis / 1000));
      extra.put("exchange_bytes", exchangedBytes);
      extra.put("checkpoint", String.valueOf(lastCheckpoint));
      return new JobSummary(JOB, state.runId, started, Instant.now(), state.rowsTrained + rejected,
          state.rowsTrained - rowsAtStart, rowsAtStart, state.rejected,
          Map.of(PipelineTables.SEQUENCES.name(), state.sequencesVersion), written, extra);
    }

    private static List<List<String>> allShards(ParameterShards shards) {
      List<List<String>> out = new java.util.ArrayList<>();
      for (int i = 0; i < shards.count(); i++) {
        out.add(shards.shard(i));
      }
      return out;
    }

    private static String rejectedIn(List<WorkerReport> reports) {
      Map<String, Long> by = new java.util.TreeMap<>();
      reports.forEach(r -> r.rejects().forEach(j -> by.merge(j.reason(), 1L, Long::sum)));
      return by.toString();
    }

    private static String megabytes(long bytes) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static double round4(double v) {
      return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
    }

    static String duration(double seconds) {
      long s = Math.round(seconds);
      if (s >= 3600) {
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
      }
      return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
  }
}
