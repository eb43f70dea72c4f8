package dev.synergen.eval.report;

import static dev.synergen.eval.fixtures.EvalTables.at;
import static dev.synergen.eval.fixtures.EvalTables.metric;
import static dev.synergen.eval.fixtures.EvalTables.result;
import static dev.synergen.eval.fixtures.EvalTables.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.fixtures.EvalTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's HTML as a file: self-contained, escaped, every section, graceful when tables are missing. */
class ReportBuilderTest {
  @TempDir Path dir;

  @Test
  void oneSelfContainedFileWithEverySection() throws Exception {
    ReportBuilder.Summary s = ReportFixture.report(dir, "report.html", ReportRequest.all());
    String html = Files.readString(s.out());
    assertEquals(3, s.checkpoints());
    assertEquals(List.of(), s.missing());
    // one chart per suite: proportions share one (pope, mcq, geneval, caption), psnr, perplexity, positions alone;
    // training: 5 quantities x 2 runs
    assertEquals(8 + 10, s.charts(), html.length() + " chars");
    // S1 and S2 have samples: 2 x 9 generations, 1 held-out image + 2 generations for its caption, 2 held-out
    // caption images, 1 original + 2 reconstructions
    assertEquals(18 + 3 + 2 + 3, s.images());
    for (String id : List.of("summary", "charts", "training", "geneval", "t2i-match", "captions", "tokenizer",
        "eval-runs")) {
      assertTrue(html.contains("<section id=\"" + id + "\">"), id);
    }
    assertFalse(html.contains("<script"), "no script element, and no unescaped data");
    Matcher src = Pattern.compile("src=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (src.find()) {
      assertTrue(src.group(1).startsWith("data:image/png;base64,"), src.group(1));
      images++;
    }
    assertEquals(s.charts() + s.images(), images);
    assertFalse(html.contains("http://") || html.contains("https://"), "nothing loads from the network");
  }

  @Test
  void dataIsEscapedInTextAndAttributes() throws Exception {
    String html = Files.readString(ReportFixture.report(dir, "r.html", ReportRequest.all()).out());
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // the S1 checkpoint path, in a th title attribute and in table cells
    assertTrue(html.contains("/runs/s1 &quot;best&quot;&amp;&lt;final&gt;/ckpt-20"), html);
    assertFalse(html.contains("\"best\"&<final>"));
  }

  @Test
  void checkpointsSideBySideInStageOrderWithValueCiNAndChance() throws Exception {
    String html = Files.readString(ReportFixture.report(dir, "r.html", ReportRequest.all()).out());
    int base = html.indexOf(">BASE step 0 · run-base");
    int s1 = html.indexOf(">S1 step 20 · run-s1");
    int s2 = html.indexOf(">S2 step 40 · run-s2");
    assertTrue(base > 0 && base < s1 && s1 < s2, base + " " + s1 + " " + s2);
    // pope random/accuracy of S2: 0.7 [0.65, 0.75], n = 300, chance 0.5
    assertTrue(html.contains("<span class=\"v\">0.700</span> <span class=\"ci\">[0.650, 0.750]</span><br>"
        + "<span class=\"small\">n &#61; 300 · chance 0.500</span>"), html);
    assertTrue(html.contains("raw_pairs@v3, tokenized_pairs@v5"), "source versions under the numbers");
  }

  @Test
  void galleriesCompareTheCheckpointsThatHaveSamplesRowByRow() throws Exception {
    String html = Files.readString(ReportFixture.report(dir, "r.html", ReportRequest.all()).out());
    String geneval = html.substring(html.indexOf("<section id=\"geneval\">"),
        html.indexOf("<section id=\"t2i-match\">"));
    // one grid per category in GenEval's order, S1 and S2 side by side, base (no samples) left out
    assertTrue(geneval.indexOf("<h3>single_object</h3>") < geneval.indexOf("<h3>counting</h3>")
        && geneval.indexOf("<h3>counting</h3>") < geneval.indexOf("<h3>color_attr</h3>"), geneval);
    assertTrue(geneval.contains("<thead><tr><th>sample</th><th>S1 step 20 · run-s1 · "));
    assertFalse(geneval.contains("BASE step 0"));
    assertTrue(geneval.contains("<p class=\"note\">2 of 6 shown generations pass the judge</p>"), geneval);
    assertTrue(geneval.contains("<p class=\"mark pass\">✓ pass</p>"));
    assertTrue(geneval.contains("<p class=\"mark fail\">✗ fail</p>"));
    String match = html.substring(html.indexOf("<section id=\"t2i-match\">"),
        html.indexOf("<section id=\"captions\">"));
    assertTrue(match.contains("nearest: fire") && match.contains("rank 3 of 8") && match.contains("rank 1 of 8"),
        match);
    assertTrue(match.indexOf("<p class=\"mark fail\">") < match.indexOf("<p class=\"mark pass\">"),
        "S1 missed, S2 matched: " + match);
    String tokenizer = html.substring(html.indexOf("<section id=\"tokenizer\">"));
    assertTrue(tokenizer.contains("PSNR 29.50 dB · SSIM 0.910"), tokenizer);
  }

  @Test
  void theRequestChoosesAndOrdersCheckpoints() throws Exception {
    String sha = EvalTables.sha(ReportFixture.S2).substring(0, 10);
    ReportBuilder.Summary s = ReportFixture.report(dir, "r.html",
        new ReportRequest(List.of(), List.of(sha, ReportFixture.BASE), 2, "Two"));
    String html = Files.readString(s.out());
    assertEquals(2, s.checkpoints());
    assertTrue(html.indexOf(">S2 step 40") < html.indexOf(">BASE step 0"));
    assertFalse(html.contains(">S1 step 20"));
    assertTrue(html.contains("<title>Two</title>"));
    // runs of the chosen checkpoints only: run-s2 (run-base has no training rows)
    assertTrue(html.contains("<h3>Run run-s2</h3>") && !html.contains("<h3>Run run-s1</h3>"));
  }

  @Test
  void unknownRunsAndCheckpointsAreReportInvalid() {
    PipelineException run = assertThrows(PipelineException.class,
        () -> ReportFixture.report(dir, "r.html", new ReportRequest(List.of("run-x"), List.of(), 2, null)));
    assertEquals(EvalErrors.REPORT_INVALID.code(), run.errorClass());
    assertTrue(run.getMessage().contains("no rows of run run-x under ")
        && run.getMessage().contains("known runs: [run-base, run-s1, run-s2]"), run.getMessage());
    PipelineException ck = assertThrows(PipelineException.class,
        () -> ReportFixture.report(dir, "r.html", new ReportRequest(List.of(), List.of("/runs/none"), 2, null)));
    assertTrue(ck.getMessage().startsWith("[REPORT_INVALID] no eval_results rows of checkpoint '/runs/none'"),
        ck.getMessage());
  }

  @Test
  void missingEvalTablesBecomeLinesAndTrainingStillShows() throws Exception {
    Lakehouse lh = TestSpark.lakehouse(dir);
    EvalTables.write(TestSpark.session(), lh, PipelineTables.TRAINING_METRICS,
        List.of(metric("quick", "full", 0, 1, 5.0, 1e-3), metric("quick", "full", 0, 2, 4.0, 1e-3)));
    ReportBuilder.Summary s = ReportBuilder.write(TestSpark.session(), lh, ReportRequest.all(),
        dir.resolve("out/quick.html"));
    String html = Files.readString(s.out());
    assertEquals(List.of("table eval_results", "table checkpoints", "table eval_samples"), s.missing());
    assertTrue(html.contains("No eval_results table in the lakehouse: the summary, the charts and the image grids "
        + "come from synergen eval."), html);
    assertEquals(5, s.charts());
    assertTrue(html.contains("<h3>Run quick</h3>"));
  }

  @Test
  void aLakehouseWithNothingToReportIsReportInvalid() {
    Lakehouse empty = TestSpark.lakehouse(dir);
    PipelineException e = assertThrows(PipelineException.class,
        () -> ReportBuilder.write(TestSpark.session(), empty, ReportRequest.all(), dir.resolve("r.html")));
    assertEquals("[REPORT_INVALID] nothing to report under " + empty.root() + ": no eval_results or training_metrics "
        + "rows (missing tables: [eval_results, training_metrics, checkpoints, eval_samples]); run synergen train or "
        + "synergen eval first", e.getMessage());
  }

  @Test
  void aLaterEvalRunOfASuiteReplacesTheEarlierRunsFiguresAndSamples() throws Exception {
    Lakehouse lh = TestSpark.lakehouse(dir);
    String ck = "/runs/s2/ckpt-40";
    Timestamp later = new Timestamp(EvalTables.AT.getTime() + 60_000);
    // the old run's id sorts after the new one's: the time decides, not the id
    List<Row> results = List.of(
        result("e-9-old", ck, "s2", 40, "caption", "cider_d", 0.1, 20, null, null),
        result("e-9-old", ck, "s2", 40, "caption", "bleu_3", 0.05, 20, null, null),
        result("e-9-old", ck, "s2", 40, "pope", "random/f1", 0.61, 300, null, null),
        at(result("e-1-new", ck, "s2", 40, "caption", "cider_d", 0.9, 100, null, null), later));
    EvalTables.write(TestSpark.session(), lh, PipelineTables.EVAL_RESULTS, results);
    byte[] png = ReportFixture.png(java.awt.Color.RED, 1);
    EvalTables.write(TestSpark.session(), lh, PipelineTables.EVAL_SAMPLES, List.of(
        sample("e-9-old", "caption", "cap-1", "pair-1", "an old caption", "a red circle", null, null, png, null),
        sample("e-9-old", "caption", "cap-2", "pair-2", "another old caption", "a red circle", null, null, png, null),
        at(sample("e-1-new", "caption", "cap-1", "pair-1", "a new caption", "a red circle", null, null, png, null),
            later)));

    String html = Files.readString(ReportBuilder.write(TestSpark.session(), lh, ReportRequest.all(),
        dir.resolve("r.html")).out());
    String summary = html.substring(html.indexOf("<section id=\"summary\">"), html.indexOf("<section id=\"charts\">"));
    assertTrue(summary.contains("<span class=\"v\">0.900</span>"), summary);
    assertFalse(summary.contains("0.100") || summary.contains("bleu_3"), "no figure of the replaced caption run");
    assertTrue(summary.contains("<span class=\"v\">0.610</span>"), "the old run's pope is still the newest pope");
    String captions = html.substring(html.indexOf("<section id=\"captions\">"),
        html.indexOf("<section id=\"tokenizer\">"));
    assertTrue(captions.contains("a new caption"), captions);
    assertFalse(captions.contains("old caption") || captions.contains("cap-2"), captions);
    String runs = html.substring(html.indexOf("<section id=\"eval-runs\">"));
    assertEquals(1, runs.split("superseded by eval run <code>e-1-new</code>", -1).length - 1, runs);
    assertTrue(runs.indexOf("<h3>caption</h3><p class=\"superseded\">") > 0
        && runs.indexOf("<h3>pope</h3><dl") > 0, runs);
  }
}
