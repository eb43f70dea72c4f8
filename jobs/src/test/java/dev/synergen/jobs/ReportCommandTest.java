package dev.synergen.jobs;

import static dev.synergen.eval.fixtures.EvalTables.metric;
import static dev.synergen.eval.fixtures.EvalTables.result;
import static dev.synergen.eval.fixtures.EvalTables.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.eval.fixtures.EvalTables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synergen report as a user runs it: a summary of what it wrote, one-line errors for a bad request. */
class ReportCommandTest {
  @TempDir static Path dir;
  private static String lakehouse;

  @BeforeAll
  static void oneEvaluatedCheckpointAndItsTraining() {
    Lakehouse lh = new Lakehouse(dir.resolve("lakehouse").toString());
    lakehouse = lh.root();
    EvalTables.write(TestSpark.session(), lh, PipelineTables.EVAL_RESULTS,
        rows(result("e1", "/ck/a", "s1", 10, "pope", "random/accuracy", 0.75, 40, new double[] {0.6, 0.86}, 0.5)));
    EvalTables.write(TestSpark.session(), lh, PipelineTables.TRAINING_METRICS,
        rows(metric("run-s1", "s1", 0, 5, 4.0, 1e-4), metric("run-s1", "s1", 0, 10, 3.0, 1e-4)));
  }

  @Test
  void writesTheFileAndSaysWhatIsInItAndWhatIsMissing() throws Exception {
    Path out = dir.resolve("reports/r.html");
    CliRun r = CliRun.of("report", "--out", out.toString(), "--runs", "run-s1", "--lakehouse", lakehouse,
        "--master", "local[2]");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.readString(out).contains("<h3>Run run-s1</h3>"));
    assertTrue(r.out().contains("report          " + out.toAbsolutePath()), r.out());
    assertTrue(r.out().contains("  checkpoints   1 compared\n  charts        6\n"), r.out());
    assertTrue(r.out().contains("  missing       table checkpoints, table eval_samples"), r.out());
  }

  @Test
  void aBadRequestIsOneLine() {
    CliRun samples = CliRun.of("report", "--out", "x.html", "--samples", "-1", "--lakehouse", lakehouse);
    assertEquals(1, samples.exit());
    assertEquals("synergen report: [REPORT_INVALID] samples per group must be in [0, 200], got -1\n", samples.err());
    CliRun run = CliRun.of("report", "--out", dir.resolve("x.html").toString(), "--runs", "run-x", "--lakehouse",
        lakehouse, "--master", "local[2]");
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("synergen report: [REPORT_INVALID] no rows of run run-x under " + lakehouse
        + "; known runs: [run-s1]"), run.err());
  }
}
