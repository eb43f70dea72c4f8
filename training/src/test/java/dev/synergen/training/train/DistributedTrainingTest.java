package dev.synergen.training.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.LatestCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synergen train --workers N}: DiLoCo rounds in Spark barrier stages (local[2] here; see
 * DistributedTrainingClusterTest for separate JVMs). One inner SGD step with outer lr 1 and no
 * momentum is synchronous data parallelism; a failed worker's round is retried by Spark and ends as
 * an uninterrupted one; a killed run resumes exactly; the worker count may change between runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedTrainingTest {
  private static final int ROWS = 64;
  private final SparkSession spark = TestSpark.session();
  private TinyPipeline pipeline;
  private Lakehouse uniform;
  private Path root;
  private Path diloco;

  @BeforeAll
  void pipeline(@TempDir Path dir) {
    root = dir;
    pipeline = TinyPipeline.build(spark, dir.resolve("pipeline"), 24);
    uniform = new Lakehouse(dir.resolve("uniform-lakehouse").toString());
    UniformSequences.write(spark, uniform, pipeline.tokenizers(), ROWS, 11);
  }

  private TrainConfig.Builder base(String output) {
    return TrainConfig.builder(uniform).tokenizerDir(pipeline.tokenizers().toString()).preset("tiny").seed(5)
        .outputDir(root.resolve(output).toString()).logEvery(1).device("cpu").warmupSteps(0)
        .schedule(dev.synergen.training.optim.ScheduleKind.CONSTANT);
  }

  private JobSummary train(TrainConfig config) throws Exception {
    return train(config, new ByteArrayOutputStream());
  }

  private JobSummary train(TrainConfig config, ByteArrayOutputStream out) throws Exception {
    return TrainJob.run(spark, config, RunId.create(TrainJob.JOB), new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private static Map<String, SafetensorsTensor> weights(Path output) throws Exception {
    return Safetensors.readAll(Checkpoint.open(output).dir().resolve(Checkpoint.WEIGHTS));
  }

  private static double maxDifference(Map<String, SafetensorsTensor> a, Map<String, SafetensorsTensor> b) {
    assertEquals(a.keySet(), b.keySet());
    double max = 0;
    for (String name : a.keySet()) {
      float[] x = a.get(name).toFloats();
      float[] y = b.get(name).toFloats();
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }

  @Test
  void oneInnerSgdStepWithOuterLrOneIsSynchronousDataParallelismOnTheUnionBatch() throws Exception {
    TrainConfig.Builder sgd = base("unused").innerOptimizer("sgd").learningRate(0.05).clipNorm(0).weightDecay(0)
        .innerSteps(1).outerLr(1).outerMomentum(0).steps(4).checkpointEvery(4);
    JobSummary two = train(sgd.outputDir(root.resolve("dp-two").toString()).workers(2).batchSize(4).build());
    JobSummary one = train(sgd.outputDir(root.resolve("dp-one").toString()).workers(1).batchSize(8).build());
    assertEquals(one.input(), two.input(), "both runs trained on the same 32 rows");
    assertEquals(32L, two.input());
    double diff = maxDifference(weights(root.resolve("dp-one")), weights(root.resolve("dp-two")));
    assertTrue(diff < 2e-5, "2 workers x 4 rows and 1 worker x 8 rows differ by " + diff);
    // and the comparison can fail: a different step size moves the weights far more than the tolerance
    train(sgd.outputDir(root.resolve("dp-other").toString()).workers(1).batchSize(8).learningRate(0.1).build());
    assertTrue(maxDifference(weights(root.resolve("dp-one")), weights(root.resolve("dp-other"))) > 1e-3);
  }

  /** The reference DiLoCo run: 2 workers, AdamW inner steps, outer Nesterov (0.7, 0.9), 3 rounds of 2 steps. */
  private Path diloco() throws Exception {
    if (diloco == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JobSummary s = train(dilocoConfig("diloco").build(), out);
      assertTrue(s.balanced(), s.toJson());
      assertEquals(2, s.extra().get("workers"));
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("[w0 "), out.toString(StandardCharsets.UTF_8));
      diloco = root.resolve("diloco");
    }
    return diloco;
  }

  private TrainConfig.Builder dilocoConfig(String output) {
    return base(output).workers(2).batchSize(4).innerSteps(2).steps(6).checkpointEvery(2).learningRate(3e-3);
  }

  @Test
  void dilocoRunsTwoWorkersAndLogsEachOnesLossesAndTheExchange() throws Exception {
    Path out = diloco();
    String runId = LatestCheckpoint.pointer(out).runId();
    List<Row> rows = DeltaTables.read(spark, uniform, PipelineTables.TRAINING_METRICS)
        .where(col("run_id").equalTo(runId)).orderBy("round", "worker", "step").collectAsList();
    assertEquals(12, rows.size(), "6 steps x 2 workers, logged every step");
    assertEquals(List.of(0, 1), rows.stream().map(r -> r.<Integer>getAs("worker")).distinct().sorted().toList());
    for (Row r : rows) {
      boolean endsRound = r.<Long>getAs("step") % 2 == 0;
      assertEquals(endsRound, r.getAs("bytes_exchanged") != null, "exchange figures on the round's last row " + r);
      if (endsRound) {
        assertTrue(r.<Long>getAs("bytes_exchanged") > 0, r.toString());
      }
      assertTrue(r.<Double>getAs("grad_norm") > 0, r.toString());
      assertEquals(0L, r.<Long>getAs("skipped_steps"));
    }
    assertEquals(3, DeltaTables.read(spark, uniform, PipelineTables.CHECKPOINTS).where(col("run_id").equalTo(runId))
        .count());
  }

  @Test
  void aWorkerThatFailsMakesSparkRetryTheRoundWhichEndsAsAnUninterruptedOne() throws Exception {
    Path reference = diloco();
    TrainConfig faulty = dilocoConfig("retried").faults("exchange:worker=1,round=2,attempt=0").build();
    JobSummary s = train(faulty);
    assertTrue(s.balanced());
    assertEquals(0.0, maxDifference(weights(reference), weights(root.resolve("retried"))),
        "the retried round starts over from the state round 1 left");
  }

  @Test
  void aRunStoppedAfterARoundResumesExactlyAtTheNextOne() throws Exception {
    Path reference = diloco();
    TrainConfig stopping = dilocoConfig("stopped").faults("after_round:round=2").build();
    assertThrows(FaultPlan.InjectedFault.class, () -> train(stopping));
    assertEquals(2L, LatestCheckpoint.pointer(root.resolve("stopped")).round());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    train(dilocoConfig("stopped").build(), out);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("resuming at step 4 of"), out.toString(StandardCharsets.UTF_8));
    assertEquals(0.0, maxDifference(weights(reference), weights(root.resolve("stopped"))));
  }

  @Test
  void theWorkerCountMayChangeBetweenRunsWithoutTrainingARowTwiceOrSkippingOne() throws Exception {
    TrainConfig two = dilocoConfig("elastic").faults("after_round:round=1").build();
    assertThrows(FaultPlan.InjectedFault.class, () -> train(two));
    JobSummary rest = train(dilocoConfig("elastic").workers(1).build());
    // round 1: 2 workers x 2 steps x 4 rows; rounds 2-3: 1 worker x 2 steps x 4 rows each
    assertEquals(16L + 16L, rest.input());
    assertEquals(16L, rest.alreadyPresent());
    JsonNode state = new ObjectMapper().readTree(Files.readString(root.resolve("elastic/rounds")
        .resolve(rest.runId()).resolve("round-000003/state.json")));
    List<Row> order = DeltaTables.read(spark, uniform, PipelineTables.SEQUENCES)
        .withColumn("k", xxhash64(col("seq_id"), lit(5L), lit(0))).orderBy("k", "seq_id").select("seq_id")
        .limit(32).collectAsList();
    assertEquals(order.get(31).getString(0), state.path("position").path("seq_id").asText(),
        "the cursor stands after exactly the first 32 rows of epoch 0's order");
    assertEquals(1, state.path("workers").asInt());
  }

  @Test
  void aNonFiniteStepIsSkippedLoggedAndDumpedForReplayAndManyInARowStopTheRun() throws Exception {
    TrainConfig config = base("nonfinite").workers(1).batchSize(4).innerSteps(3).steps(6).checkpointEvery(6)
        .learningRate(3e-3).faults("non_finite_loss:step=3").build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobSummary s = train(config, out);
    assertEquals(1L, s.extra().get("skipped_steps"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("1 step(s) of round 1 had a non-finite loss"),
        out.toString(StandardCharsets.UTF_8));
    Row step3 = DeltaTables.read(spark, uniform, PipelineTables.TRAINING_METRICS)
        .where(col("run_id").equalTo(s.runId()).and(col("step").equalTo(3L))).first();
    assertEquals(1L, step3.<Long>getAs("skipped_steps"));
    Path replay = root.resolve("nonfinite/rounds").resolve(s.runId()).resolve("replay/step-3/worker-0");
    JsonNode record = new ObjectMapper().readTree(Files.readString(replay.resolve("replay.json")));
    assertEquals(4, record.path("seq_ids").size(), "the batch of the skipped step");
    assertEquals(List.of(3, 2), List.of(record.path("step").asInt(), record.path("optimizer_steps").asInt()),
        "step 3 is replayed from the state after 2 updates");
    assertTrue(Files.isRegularFile(replay.resolve("model.safetensors")));
    assertTrue(Files.isRegularFile(replay.resolve("optimizer.safetensors")));

    TrainConfig broken = base("broken").workers(1).batchSize(4).innerSteps(3).steps(6).checkpointEvery(6)
        .maxBadSteps(2).faults("non_finite_loss:step=2;non_finite_loss:step=3").build();
    PipelineException stop = assertThrows(PipelineException.class, () -> train(broken));
    assertTrue(stop.getMessage().contains("[TRAINING_LOSS_NOT_FINITE] 2 step(s) in a row"), stop.getMessage());
  }

  @Test
  void barrierStagesNeedFixedExecutorsAndEnoughSlots() {
    SparkConf dynamic = new SparkConf(false).set("spark.dynamicAllocation.enabled", "true");
    PipelineException d = assertThrows(PipelineException.class, () -> ClusterPreflight.check(dynamic, 2, 0, () -> 8));
    assertEquals(TrainingErrors.TRAIN_CLUSTER_UNSUITABLE.code(), d.errorClass());
    assertTrue(d.getMessage().contains("spark.dynamicAllocation.enabled=false"), d.getMessage());
    PipelineException few = assertThrows(PipelineException.class,
        () -> ClusterPreflight.check(new SparkConf(false), 3, 0, () -> 2));
    assertEquals("[TRAIN_CLUSTER_UNSUITABLE] train.workers is 3 but the cluster has 2 task slot(s) for the barrier stage"
        + " (executor cores / spark.task.cpus, and GPUs / spark.task.resource.gpu.amount when GPUs are requested);"
        + " lower --workers to 2 or add executors (spark.executor.instances)", few.getMessage());
    ClusterPreflight.check(new SparkConf(false), 2, 0, () -> 2);
    assertEquals(2, ClusterPreflight.slots(spark.sparkContext()), "local[2] has two slots");
  }
}
