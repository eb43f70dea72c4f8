package dev.synergen.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import dev.synergen.core.io.ArtifactManifest;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.bench.TrainBenchmark;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.ParameterGroup;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.CheckpointMetadata;
import dev.synergen.training.weights.TokenizerDir;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synergen train} on the tiny demo pipeline: the loss falls, every table row and checkpoint
 * records its versions, a crashed run resumes to the weights of an uninterrupted one, and stages
 * freeze what they must.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainJobTest {
  private static final int STEPS = 24;
  private static final int EVERY = 8;

  private final SparkSession spark = TestSpark.session();
  private TinyPipeline pipeline;
  private Path root;
  private Path reference;
  private JobSummary referenceSummary;
  private String referenceOutput;

  @BeforeAll
  void pipeline(@TempDir Path dir) {
    root = dir;
    pipeline = TinyPipeline.build(spark, dir.resolve("pipeline"), 48);
  }

  private TrainConfig config(String output, TrainStage stage, long steps, int every, String init) {
    return TrainConfig.builder(pipeline.lakehouse()).tokenizerDir(pipeline.tokenizers().toString()).preset("tiny")
        .stage(stage).steps(steps).batchSize(8).learningRate(stage == TrainStage.FULL ? 3e-3 : 1e-3)
        .warmupSteps(steps > 2 ? 2 : 0).seed(7).initCheckpoint(init).outputDir(root.resolve(output).toString())
        .checkpointEvery(every).innerSteps(every).logEvery(1).device("cpu").build();
  }

  private JobSummary train(TrainConfig config, ByteArrayOutputStream out) throws Exception {
    return TrainJob.run(spark, config, RunId.create(TrainJob.JOB), new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  /** The uninterrupted 24-step run the other tests compare with; trained once. */
  private synchronized Path reference() throws Exception {
    if (reference == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      referenceSummary = train(config("reference", TrainStage.FULL, STEPS, EVERY, null), out);
      referenceOutput = out.toString(StandardCharsets.UTF_8);
      reference = root.resolve("reference").resolve("step-0000024");
    }
    return reference;
  }

  private List<Row> metrics(String runId) {
    return DeltaTables.read(spark, pipeline.lakehouse(), PipelineTables.TRAINING_METRICS)
        .where("run_id = '" + runId + "'").orderBy("step").collectAsList();
  }

  @Test
  void trainingLowersTheLossAndRecordsMetricsCheckpointsAndVersions() throws Exception {
    Path last = reference();
    JobSummary s = referenceSummary;
    assertTrue(s.balanced(), s.toJson());
    assertEquals((long) STEPS, s.extra().get("steps"));
    assertEquals(Map.of("sequences", pipeline.sequencesVersion()), s.tablesRead());
    // batches of 8 over the train rows; each epoch ends with a smaller batch; nothing is rejected
    long n = pipeline.trainRows();
    long perEpoch = (n + 7) / 8;
    assertEquals(STEPS / perEpoch * n + Math.min(n, STEPS % perEpoch * 8), s.input(), s.toJson());
    assertEquals(0, s.rejected());
    assertTrue(referenceOutput.contains("step 24/24 (epoch "), referenceOutput);
    assertTrue(referenceOutput.matches("(?s).*pairs/s [0-9.]+ +tokens/s [0-9,]+ +exchange [0-9.]+ s [0-9.]+ MB +ETA 0s.*"),
        referenceOutput);

    List<Row> rows = metrics(s.runId());
    assertEquals(STEPS, rows.size(), "one metrics row per logged step");
    for (int i = 0; i < STEPS; i++) {
      Row r = rows.get(i);
      assertEquals(i + 1L, r.<Long>getAs("step"));
      assertEquals("full", r.getAs("stage"));
      assertEquals((i / EVERY) + 1, r.<Integer>getAs("round"), "round of step " + (i + 1));
      assertEquals(0, r.<Integer>getAs("worker"));
      assertTrue(r.<Long>getAs("tokens") > 8 * 60, "a step of 8 rows trains on their unfolded tokens: " + r);
    }
    double first = (loss(rows, 0) + loss(rows, 1) + loss(rows, 2)) / 3;
    double end = (loss(rows, STEPS - 1) + loss(rows, STEPS - 2) + loss(rows, STEPS - 3)) / 3;
    assertTrue(end < 0.8 * first, "loss fell from " + first + " to only " + end);

    List<Row> checkpoints = DeltaTables.read(spark, pipeline.lakehouse(), PipelineTables.CHECKPOINTS)
        .where("run_id = '" + s.runId() + "'").orderBy("round").collectAsList();
    assertEquals(3, checkpoints.size());
    Row final_ = checkpoints.get(2);
    assertEquals(3, final_.<Integer>getAs("round"));
    assertEquals(24L, final_.<Long>getAs("step"));
    assertEquals(last.toString(), final_.getAs("path"));
    assertEquals(ArtifactManifest.verify(last).get(Checkpoint.WEIGHTS), final_.getAs("sha256"));
    assertEquals(Map.of("sequences", pipeline.sequencesVersion()),
        scala.jdk.javaapi.CollectionConverters.asJava(final_.<scala.collection.Map<String, Long>>getAs("source_versions")));
    assertEquals("tiny", new ObjectMapper().readTree(final_.<String>getAs("config")).get("preset").asText());

    CheckpointMetadata meta = Checkpoint.open(last).metadata();
    assertNotNull(meta);
    assertEquals(s.runId(), meta.runId());
    assertEquals(List.of("full", "tiny", 24L, 3), List.of(meta.stage(), meta.preset(), meta.step(), meta.round()));
    try (TokenizerDir tokenizers = TokenizerDir.open(pipeline.tokenizers())) {
      assertEquals(tokenizers.path().toString(), meta.tokenizerDir());
      assertEquals(tokenizers.textVersion(), meta.textTokenizer());
      assertEquals(tokenizers.imageVersion(), meta.imageTokenizer());
    }
    assertEquals(Map.of("sequences", pipeline.sequencesVersion()), meta.sourceVersions());
    // the exchange store keeps the last two rounds' states, without their pseudo-gradients
    Path rounds = root.resolve("reference/rounds").resolve(s.runId());
    assertTrue(Files.isRegularFile(rounds.resolve("round-000003/state.json")));
    assertTrue(Files.isRegularFile(rounds.resolve("round-000002/state.json")));
    assertFalse(Files.exists(rounds.resolve("round-000001")));
    assertFalse(Files.exists(rounds.resolve("round-000003/delta")));
    assertTrue(Files.exists(root.resolve("reference/step-0000016").resolve(Checkpoint.WEIGHTS)));
  }

  private static double loss(List<Row> rows, int i) {
    return rows.get(i).<Double>getAs("loss");
  }

  @Test
  void aRunResumedAfterACrashEndsWithTheWeightsAndLossesOfAnUninterruptedRun() throws Exception {
    Path expected = reference();
    TrainConfig config = config("crashed", TrainStage.FULL, STEPS, EVERY, null);
    TrainConfig crashing = config.toBuilder().faults("after_step:step=11").build();
    PipelineException crash = assertThrows(PipelineException.class, () -> train(crashing, new ByteArrayOutputStream()));
    assertEquals(TrainingErrors.TRAIN_WORKER_FAILED.code(), crash.errorClass());
    assertTrue(crash.getMessage().contains("worker 0 of 1 failed in round 2")
        && crash.getMessage().contains("injected fault at after_step {step=11}"), crash.getMessage());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobSummary resumed = train(config, out);
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("resuming at step 8 of run " + resumed.runId()), log);

    Path actual = root.resolve("crashed").resolve("step-0000024");
    Map<String, SafetensorsTensor> a = Safetensors.readAll(expected.resolve(Checkpoint.WEIGHTS));
    Map<String, SafetensorsTensor> b = Safetensors.readAll(actual.resolve(Checkpoint.WEIGHTS));
    assertEquals(a.keySet(), b.keySet());
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name).toFloats(), b.get(name).toFloats(), name + " differs after resume");
    }
    List<Row> uninterrupted = metrics(referenceSummary.runId());
    List<Row> crashed = metrics(resumed.runId());
    assertEquals(STEPS, crashed.size(), "the redone steps 9-11 are logged once");
    for (int i = 0; i < STEPS; i++) {
      assertEquals(loss(uninterrupted, i), loss(crashed, i), "loss of step " + (i + 1));
    }
    assertEquals(referenceSummary.extra().get("final_loss"), resumed.extra().get("final_loss"));
    assertEquals(3, DeltaTables.read(spark, pipeline.lakehouse(), PipelineTables.CHECKPOINTS)
        .where("run_id = '" + resumed.runId() + "'").count());

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    JobSummary rerun = train(config, again);
    assertTrue(again.toString(StandardCharsets.UTF_8).contains("is already complete at step 24; nothing to do"));
    assertEquals(resumed.runId(), rerun.runId());
    assertEquals(STEPS, metrics(resumed.runId()).size());
    assertEquals(0, rerun.accepted(), "a complete run trains nothing more");
    assertEquals(referenceSummary.accepted(), rerun.alreadyPresent(), "and counts the rows it trained before");
    assertTrue(rerun.balanced());
  }

  @Test
  void stageS1TrainsOnlyImageParametersAndS2FromACheckpointKeepsTheTextPath() throws Exception {
    train(config("s1", TrainStage.S1, 2, 2, null), new ByteArrayOutputStream());
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelConfig tiny = Checkpoint.open(reference()).config();
      try (SynerGenModel init = SynerGenModel.create(tiny).initialize(manager, 7)) {
        assertFrozen(init, root.resolve("s1/step-0000002"), ParameterGroup.IMAGE);
      }
      Path start = reference();
      train(config("s2", TrainStage.S2, 2, 2, start.toString()), new ByteArrayOutputStream());
      try (SynerGenModel init = Checkpoint.open(start).load(manager)) {
        assertFrozen(init, root.resolve("s2/step-0000002"), ParameterGroup.IMAGE, ParameterGroup.ATTENTION);
      }
    }
  }

  /** Groups not in {@code trained} are bit-identical to {@code before}; every trained tensor moved. */
  private static void assertFrozen(SynerGenModel before, Path after, ParameterGroup... trained) throws Exception {
    Map<String, SafetensorsTensor> saved = Safetensors.readAll(after.resolve(Checkpoint.WEIGHTS));
    List<ParameterGroup> moving = List.of(trained);
    int frozen = 0;
    for (ModelParameter p : before.parameters()) {
      float[] now = saved.get(p.name()).toFloats();
      if (moving.contains(p.group())) {
        assertFalse(java.util.Arrays.equals(p.toFloats(), now), p.name() + " (" + p.group() + ") did not train");
      } else {
        assertArrayEquals(p.toFloats(), now, p.name() + " (" + p.group() + ") is frozen but changed");
        frozen++;
      }
    }
    assertTrue(frozen > 0);
  }

  @Test
  void resumingWithOtherSettingsIsRefusedNamingEachDifference() throws Exception {
    reference();
    TrainConfig changed = config("reference", TrainStage.FULL, STEPS, EVERY, null).toBuilder().batchSize(4)
        .learningRate(1e-3).build();
    PipelineException e = assertThrows(PipelineException.class, () -> train(changed, new ByteArrayOutputStream()));
    assertEquals("[TRAIN_RESUME_MISMATCH] " + root.resolve("reference") + " holds run " + referenceSummary.runId()
        + " at step 24 with other settings (batch_size was 8, now 4; lr was 0.003, now 0.001); re-run with the same"
        + " settings to resume it, or choose another train.output for a new run", e.getMessage());
  }

  @Test
  void aPresetTakesItsImageGridFromTheTokenizers() throws Exception {
    try (TokenizerDir t = TokenizerDir.open(pipeline.tokenizers())) {
      ModelConfig small = t.preset("small");
      assertEquals(new ImageGrid(32, 32, 4, 256, 2, 4), small.grid(), "the tiny VQ's 32 px and 256 codes, small's 2x4 fold");
      assertEquals(List.of(256, 6, t.textVocabulary()), List.of(small.hidden(), small.layers(), small.textVocab()));
      t.requireFits(small, "the small preset");
    }
  }

  @Test
  void sequencesOfOtherTokenizersAreRefusedWithWhatTheTableHolds() throws Exception {
    TrainConfig val = config("none", TrainStage.FULL, 2, 10, null).toBuilder().learningRate(Double.NaN)
        .warmupSteps(-1).split("nosuchsplit").minQuality(0.5).build();
    PipelineException e = assertThrows(PipelineException.class, () -> train(val, new ByteArrayOutputStream()));
    assertEquals(TrainingErrors.TRAIN_NO_SEQUENCES.code(), e.errorClass());
    try (TokenizerDir t = TokenizerDir.open(pipeline.tokenizers())) {
      assertTrue(e.getMessage().startsWith("[TRAIN_NO_SEQUENCES] sequences version " + pipeline.sequencesVersion()
          + " has no image-text row with split 'nosuchsplit', image_tokenizer " + t.imageVersion()
          + ", text_tokenizer " + t.textVersion() + " and quality >= 0.5; it holds "), e.getMessage());
      for (String task : List.of("i2t", "t2i")) {
        assertTrue(e.getMessage().contains("split 'train' with " + t.imageVersion() + " + " + t.textVersion()
            + ", task " + task + ": "), e.getMessage());
      }
    }
  }

  @Test
  void benchTrainWritesItsRunsToAScratchLakehouseAndLeavesTheSourceAsItWas() throws Exception {
    // the tiny pipeline's 48 scenes all fall in train: a lakehouse of its own with some of them as val rows too
    Lakehouse source = TestSpark.lakehouse(root.resolve("bench-source"));
    DeltaTables.shallowClone(spark, pipeline.lakehouse(), source, PipelineTables.SEQUENCES, pipeline.sequencesVersion());
    DeltaTables.insertNew(spark, source, PipelineTables.SEQUENCES, DeltaTables.read(spark, source,
        PipelineTables.SEQUENCES).orderBy("seq_id").limit(8).withColumn("split", functions.lit("val"))
        .withColumn("seq_id", functions.concat(functions.col("seq_id"), functions.lit("-val"))));
    Map<String, Long> before = versions(source);
    Path work = root.resolve("bench");
    ObjectNode report = TrainBenchmark.run(spark, new TrainBenchmark.Options(source, pipeline.tokenizers(), "tiny",
        1, 100, 4, 3, work, null), new PrintStream(OutputStream.nullOutputStream()));
    assertEquals(before, versions(source), "no commit to the user's lakehouse");
    assertEquals(source.table("sequences") + "@v" + before.get("sequences"), report.get("sequences").asText());
    Lakehouse scratch = new Lakehouse(work.resolve("lakehouse").toString());
    List<Row> runs = DeltaTables.read(spark, scratch, PipelineTables.TRAINING_METRICS)
        .select("run_id").distinct().collectAsList();
    assertEquals(3, runs.size(), "(b) and both (c) runs recorded in the scratch lakehouse: " + runs);
    assertTrue(report.get("b_one_worker_barrier").get("heldout_loss").asDouble() > 0, report.toString());
  }

  /** Every pipeline table present under {@code lakehouse}, with its current version. */
  private Map<String, Long> versions(Lakehouse lakehouse) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (TableSpec spec : PipelineTables.ALL) {
      if (DeltaTables.exists(spark, lakehouse, spec)) {
        out.put(spec.name(), DeltaTables.currentVersion(spark, lakehouse, spec));
      }
    }
    return out;
  }
}
