package dev.synergen.training.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.LossOutput;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.optim.StepResult;
import dev.synergen.training.optim.TrainStep;
import dev.synergen.training.train.SequenceSource;
import dev.synergen.training.train.TrainConfig;
import dev.synergen.training.train.TrainJob;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.TokenizerDir;
import dev.synergen.training.worker.SequenceRow;
import dev.synergen.training.worker.WorkerLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen bench train}: the same rows of {@code sequences}, side by side in one run: (a) the
 * bare single-JVM DJL loop, (b) {@code synergen train --workers 1} through a barrier stage, (c) two
 * DiLoCo workers with H = 10 and H = 50. Reports tokens/s, the overhead of (b) over (a), the
 * held-out loss of each after the same number of samples, and the bytes each round exchanges against
 * what synchronous data parallelism would move for the same steps. The runs' rows go to a scratch
 * lakehouse under the work directory, never to the one the sequences come from.
 */
public final class TrainBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainBenchmark() {}

  /**
   * @param samples training rows every variant consumes (a and b take samples / batch steps; c takes half as many)
   * @param evalRows rows of the val split the held-out loss is measured on
   * @param workDir where the variants' runs and their scratch lakehouse are written (replaced)
   */
  public record Options(Lakehouse lakehouse, Path tokenizerDir, String preset, int batchSize, long samples,
      int evalRows, long seed, Path workDir, Path out) {
    public Options {
      if (batchSize < 1 || samples < 2L * batchSize * 50 || evalRows < 1) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "bench train needs --batch >= 1, --samples"
            + " >= 100 x batch (two workers run at least one round of 50 steps) and --eval-rows >= 1; got " + batchSize
            + ", " + samples + ", " + evalRows);
      }
    }

    /** These options on another lakehouse. */
    public Options withLakehouse(Lakehouse other) {
      return new Options(other, tokenizerDir, preset, batchSize, samples, evalRows, seed, workDir, out);
    }
  }

  public static ObjectNode run(SparkSession spark, Options asked, PrintStream log) throws IOException {
    ObjectNode report = JSON.createObjectNode();
    // the runs write training_metrics, checkpoints and rejects: into a scratch lakehouse whose sequences are a
    // shallow clone of the asked one's (no data copied), so a benchmark leaves the user's lakehouse as it was
    Path scratchDir = asked.workDir().resolve("lakehouse");
    deleteTree(scratchDir);
    Lakehouse scratch = new Lakehouse(scratchDir.toString());
    long version = DeltaTables.currentVersion(spark, asked.lakehouse(), PipelineTables.SEQUENCES);
    DeltaTables.shallowClone(spark, asked.lakehouse(), scratch, PipelineTables.SEQUENCES, version);
    report.put("sequences", asked.lakehouse().table(PipelineTables.SEQUENCES.name()) + "@v" + version);
    Options o = asked.withLakehouse(scratch);
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("preset", o.preset());
    report.put("batch", o.batchSize());
    report.put("samples", o.samples());
    long steps = o.samples() / o.batchSize();
    log.printf(Locale.ROOT, "bench train: %d samples (%d steps of %d), preset %s, %d cores%n", o.samples(), steps,
        o.batchSize(), o.preset(), Runtime.getRuntime().availableProcessors());

    ObjectNode bare = report.putObject("a_bare_loop");
    List<SequenceRow> evalRows;
    try (TokenizerDir tokenizers = TokenizerDir.open(o.tokenizerDir())) {
      SequenceSource train = source(spark, o, tokenizers, "train");
      SequenceSource val = source(spark, o, tokenizers, "val");
      evalRows = take(val.epoch(0, 0, null), o.evalRows());
      ModelConfig config = tokenizers.preset(o.preset());
      bareLoop(train, config, o, steps, evalRows, bare);
    }
    log.println("  (a) bare loop:        " + bare);

    ObjectNode one = report.putObject("b_one_worker_barrier");
    trainRun(spark, o, "one-worker", 1, 50, steps, o.batchSize(), evalRows, one);
    log.println("  (b) --workers 1:      " + one);
    for (int h : new int[] {10, 50}) {
      ObjectNode two = report.putObject("c_two_workers_h" + h);
      trainRun(spark, o, "two-workers-h" + h, 2, h, steps / 2, o.batchSize(), evalRows, two);
      long trainable = two.get("trainable_parameters").asLong();
      long rounds = two.get("rounds").asLong();
      double perRoundPerWorker = two.get("exchange_bytes").asDouble() / Math.max(1, rounds) / 2;
      // ring all-reduce of float32 gradients: 2 (N-1)/N of the trainable bytes per worker and step
      double ringPerRound = 2.0 * (2 - 1) / 2 * 4.0 * trainable * h;
      two.put("exchange_bytes_per_round_per_worker", Math.round(perRoundPerWorker));
      two.put("sync_dp_ring_bytes_for_the_same_steps", Math.round(ringPerRound));
      two.put("less_than_sync_dp_ring", round(ringPerRound / perRoundPerWorker));
      two.put("less_than_sync_dp_same_store", h);
      log.println("  (c) 2 workers, H=" + h + ": " + two);
    }
    double overhead = one.get("wall_seconds").asDouble() / bare.get("wall_seconds").asDouble() - 1;
    ObjectNode ratios = report.putObject("ratios");
    ratios.put("b_over_a_overhead", round(overhead));
    ratios.put("b_over_a_goal", 0.10);
    for (int h : new int[] {10, 50}) {
      double lossC = report.get("c_two_workers_h" + h).get("heldout_loss").asDouble();
      double lossB = one.get("heldout_loss").asDouble();
      ratios.put("c_h" + h + "_loss_vs_b", round(lossC / lossB - 1));
    }
    ratios.put("c_loss_goal", 0.05);
    ratios.put("exchange_reduction_goal_h50", 50);
    log.println("  ratios: " + ratios);
    if (o.out() != null) {
      AtomicFiles.writeString(o.out(), report.toPrettyString());
    }
    return report;
  }

  private static SequenceSource source(SparkSession spark, Options o, TokenizerDir t, String split) {
    return SequenceSource.open(spark, o.lakehouse(), null, split, Double.NEGATIVE_INFINITY, t.imageVersion(),
        t.textVersion(), t.layout().pad());
  }

  /** (a): the worker loop of the trainer in the driver JVM, rows streamed from the same seeded order. */
  private static void bareLoop(SequenceSource train, ModelConfig config, Options o, long steps,
      List<SequenceRow> eval, ObjectNode out) {
    TrainConfig defaults = TrainConfig.builder(o.lakehouse()).tokenizerDir("-").outputDir("-").steps(steps).build();
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = SynerGenModel.create(config).initialize(manager, o.seed());
        AdamW adam = new AdamW(model.trainableParameters(), AdamWConfig.paper(), model.manager())) {
      TrainStep step = new TrainStep(model, adam, defaults.learningRateSchedule(steps), 2.0, 1.0, 5);
      Iterator<SequenceRow> rows = train.epoch(0, o.seed(), null);
      long[] tokens = new long[1];
      long start = System.nanoTime();
      new WorkerLoop(step, config, o.batchSize()).run(rows, steps, new WorkerLoop.Sink() {
        @Override
        public void onStep(WorkerLoop.StepReport report) {
          StepResult r = report.result();
          tokens[0] += r.unfoldedTokens();
        }

        @Override
        public void onReject(SequenceRow row, dev.synergen.core.PipelineException reason) {}
      });
      double seconds = (System.nanoTime() - start) / 1e9;
      out.put("wall_seconds", round(seconds));
      out.put("tokens_per_s", Math.round(tokens[0] / seconds));
      out.put("heldout_loss", round(heldOutLoss(model, eval)));
    }
  }

  /** (b) and (c): {@code synergen train} itself, timed end to end, then its final checkpoint on the held-out rows. */
  private static void trainRun(SparkSession spark, Options o, String name, int workers, int innerSteps, long steps,
      int batch, List<SequenceRow> eval, ObjectNode out) throws IOException {
    Path dir = o.workDir().resolve(name);
    deleteTree(dir);
    TrainConfig config = TrainConfig.builder(o.lakehouse()).tokenizerDir(o.tokenizerDir().toString())
        .preset(o.preset()).outputDir(dir.toString()).workers(workers).innerSteps(innerSteps).steps(steps)
        .batchSize(batch).seed(o.seed()).checkpointEvery((int) steps).logEvery(50).build();
    long start = System.nanoTime();
    JobSummary s = TrainJob.run(spark, config, RunId.create("bench-train"), new PrintStream(OutputStream.nullOutputStream()));
    double seconds = (System.nanoTime() - start) / 1e9;
    out.put("wall_seconds", round(seconds));
    out.put("tokens_per_s", Math.round(((Number) s.extra().get("tokens_per_s")).doubleValue()
        * ((Number) s.extra().get("train_seconds")).doubleValue() / seconds));
    out.put("steps", steps);
    out.put("rounds", ((Number) s.extra().get("rounds")).longValue());
    out.put("exchange_bytes", ((Number) s.extra().get("exchange_bytes")).longValue());
    out.put("exchange_seconds", ((Number) s.extra().get("exchange_seconds")).doubleValue());
    Checkpoint checkpoint = Checkpoint.open(dir);
    try (NDManager manager = NDManager.newBaseManager(); SynerGenModel model = checkpoint.load(manager)) {
      out.put("heldout_loss", round(heldOutLoss(model, eval)));
      var groups = config.stage().trainableGroups();
      out.put("trainable_parameters", model.parameterCount().trainable(groups));
    }
  }

  /** Mean loss over the held-out rows, in batches of 16, without gradients. */
  static double heldOutLoss(SynerGenModel model, List<SequenceRow> rows) {
    double sum = 0;
    int batches = 0;
    for (int from = 0; from < rows.size(); from += 16) {
      List<int[]> tokens = new ArrayList<>();
      List<boolean[]> masks = new ArrayList<>();
      for (SequenceRow r : rows.subList(from, Math.min(rows.size(), from + 16))) {
        tokens.add(r.tokens());
        masks.add(r.lossMask());
      }
      SequenceBatch batch = SequenceBatch.of(model.config(), model.config().vocabulary(), tokens, masks);
      try (NDManager scope = model.newScope()) {
        LossOutput loss = model.loss(scope, batch);
        sum += loss.totalValue();
        batches++;
      }
    }
    return sum / Math.max(1, batches);
  }

  private static List<SequenceRow> take(Iterator<SequenceRow> it, int n) {
    List<SequenceRow> out = new ArrayList<>();
    while (it.hasNext() && out.size() < n) {
      out.add(it.next());
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
