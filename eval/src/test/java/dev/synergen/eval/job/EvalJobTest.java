package dev.synergen.eval.job;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.eval.suites.Suites;
import dev.synergen.training.train.TinyPipeline;
import dev.synergen.training.train.TrainConfig;
import dev.synergen.training.train.TrainJob;
import dev.synergen.training.weights.TokenizerDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synergen eval} on a tiny trained checkpoint: every suite runs as a Spark job, writes one
 * row per metric with n and an interval into eval_results and its samples into eval_samples, and a
 * re-run of the same evaluation skips what is there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvalJobTest {
  private final SparkSession spark = TestSpark.session();
  private TinyPipeline pipeline;
  private Path run;

  @BeforeAll
  void trainATinyModel(@TempDir Path dir) throws Exception {
    pipeline = TinyPipeline.build(spark, dir.resolve("pipeline"), 40);
    run = dir.resolve("run");
    TrainConfig config = TrainConfig.builder(pipeline.lakehouse()).tokenizerDir(pipeline.tokenizers().toString())
        .preset("tiny").steps(6).batchSize(4).checkpointEvery(6).innerSteps(6).outputDir(run.toString())
        .device("cpu").build();
    TrainJob.run(spark, config, RunId.create("train"), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
  }

  /** The tiny corpus has (almost) no test rows at the default 98/1/1 split: the suites read its train split. */
  private EvalConfig config(List<String> suites) {
    return new EvalConfig(pipeline.lakehouse(), run.toString(), suites, 4, 1, 1, 3, 2.0, 8, 3, "train", 2, "cpu",
        2, null);
  }

  private JobSummary eval(EvalConfig config, ByteArrayOutputStream out) throws Exception {
    return EvalJob.run(spark, config, new PrintStream(out, true, StandardCharsets.UTF_8), Suites::create);
  }

  @Test
  void everySuiteWritesItsMetricsWithIntervalsAndItsSamplesAndARerunSkipsThem() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobSummary s = eval(config(EvalConfig.ALL_SUITES), out);
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(s.balanced(), s.toJson());
    assertEquals(8, s.input());
    // the tiny remap holds only caption words: POPE's " yes"/" no" are both UNK, so POPE must refuse to score
    boolean popeSpellable;
    try (TokenizerDir t = TokenizerDir.open(pipeline.tokenizers())) {
      popeSpellable = t.textTokenizer().covers(" yes") && t.textTokenizer().covers(" no");
    }
    Set<String> measured = new TreeSet<>(EvalConfig.ALL_SUITES);
    if (!popeSpellable) {
      measured.remove("pope");
      assertTrue(log.contains("pope: skipped: the text tokenizer ") && log.contains("cannot spell ' yes', ' no'"), log);
    }
    assertEquals(measured.size(), s.accepted(), log);
    String evalRun = (String) s.extra().get("eval_run");
    List<Row> results = DeltaTables.read(spark, pipeline.lakehouse(), PipelineTables.EVAL_RESULTS)
        .where(col("eval_run").equalTo(evalRun)).collectAsList();
    Map<String, List<String>> metrics = results.stream().collect(Collectors.groupingBy(r -> r.<String>getAs("benchmark"),
        Collectors.mapping(r -> r.<String>getAs("metric"), Collectors.toList())));
    assertEquals(measured, new TreeSet<>(metrics.keySet()), log);
    assertTrue(metrics.get("tokenizer").containsAll(List.of("psnr_db", "ssim", "codebook_usage", "codebook_perplexity")));
    assertTrue(metrics.get("caption").containsAll(List.of("cider_d", "bleu_4")));
    assertTrue(metrics.get("mcq").containsAll(List.of("circular_accuracy", "plain_accuracy", "answerable_questions")));
    if (popeSpellable) {
      assertTrue(metrics.get("pope").containsAll(List.of("accuracy", "f1", "random.f1", "popular.accuracy",
          "adversarial.yes_ratio")));
    }
    assertTrue(metrics.get("geneval").containsAll(List.of("overall", "single_object", "two_object", "counting",
        "colors", "position", "color_attr", "detector_accuracy_on_renders")));
    assertTrue(metrics.get("t2i_match").containsAll(List.of("accuracy", "candidates_per_caption")));
    assertTrue(metrics.get("efficiency").containsAll(List.of("positions_per_image_folded", "unfolding_head_speedup")));
    assertTrue(metrics.get("text").contains("perplexity"));
    for (Row r : results) {
      assertTrue(r.<Long>getAs("n") > 0, r.toString());
      assertEquals(run.resolve("step-0000006").toString(), r.getAs("checkpoint"));
      assertEquals(6L, r.<Long>getAs("step"));
      assertTrue(r.getMap(r.fieldIndex("source_versions")).contains("raw_pairs"), r.toString());
    }
    Row circular = results.stream().filter(r -> r.getAs("metric").equals("circular_accuracy")).findFirst().get();
    assertNotNull(circular.getAs("ci_low"));
    assertTrue(circular.<Double>getAs("chance") > 0 && circular.<Double>getAs("chance") < 0.26, circular.toString());
    Row psnr = results.stream().filter(r -> r.getAs("metric").equals("psnr_db")).findFirst().get();
    assertTrue(psnr.<Double>getAs("ci_low") <= psnr.<Double>getAs("value")
        && psnr.<Double>getAs("value") <= psnr.<Double>getAs("ci_high"), psnr.toString());

    List<Row> samples = DeltaTables.read(spark, pipeline.lakehouse(), PipelineTables.EVAL_SAMPLES)
        .where(col("eval_run").equalTo(evalRun)).collectAsList();
    assertEquals(measured,
        samples.stream().map(r -> r.<String>getAs("benchmark")).collect(Collectors.toCollection(TreeSet::new)));
    assertTrue(samples.stream().filter(r -> r.getAs("benchmark").equals("geneval")).allMatch(r -> r.getAs("image") != null));
    assertEquals(3, samples.stream().filter(r -> r.getAs("benchmark").equals("t2i_match"))
        .filter(r -> r.getAs("image") != null).count(), "one generation for each of eval.match_captions captions");

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    JobSummary rerun = eval(config(EvalConfig.ALL_SUITES), again);
    assertEquals(0, rerun.accepted());
    assertEquals(measured.size(), rerun.alreadyPresent(), again.toString(StandardCharsets.UTF_8));
    assertEquals(results.size(), DeltaTables.read(spark, pipeline.lakehouse(), PipelineTables.EVAL_RESULTS)
        .where(col("eval_run").equalTo(evalRun)).count(), "nothing written twice");
  }
}
