package dev.synergen.jobs;

import static dev.synergen.eval.fixtures.EvalTables.result;
import static dev.synergen.eval.fixtures.EvalTables.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.eval.fixtures.EvalTables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synergen sql as notebooks call it: only the result on standard output, one-line errors with exit code 1. */
class SqlCommandTest {
  @TempDir static Path dir;
  private static String lakehouse;

  @BeforeAll
  static void evalResultsAtVersionsOneAndTwo() {
    Lakehouse lh = new Lakehouse(dir.resolve("lakehouse").toString());
    lakehouse = lh.root();
    EvalTables.write(TestSpark.session(), lh, PipelineTables.EVAL_RESULTS,
        rows(result("e1", "/ck/a", "s1", 10, "pope", "accuracy", 0.75, 40, new double[] {0.6, 0.86}, 0.5)));
    EvalTables.write(TestSpark.session(), lh, PipelineTables.EVAL_RESULTS,
        rows(result("e2", "/ck/b", "s2", 20, "pope", "accuracy", 0.8, 40, null, null)));
  }

  @Test
  void jsonGoesToStandardOutputAloneOneObjectPerLine() throws Exception {
    CliRun r = CliRun.of("sql", "SELECT eval_run, value FROM eval_results ORDER BY eval_run", "--format", "json",
        "--lakehouse", lakehouse, "--master", "local[2]");
    assertEquals(0, r.exit(), r.err());
    assertEquals("{\"eval_run\":\"e1\",\"value\":0.75}\n{\"eval_run\":\"e2\",\"value\":0.8}\n", r.out());
    assertEquals(0.75, new ObjectMapper().readTree(r.out().split("\n")[0]).get("value").asDouble());
  }

  @Test
  void csvOfAnOlderVersionToAFile() throws Exception {
    Path out = dir.resolve("out/v1.csv");
    CliRun r = CliRun.of("sql", "SELECT eval_run FROM eval_results@v1", "--format", "CSV", "--out", out.toString(),
        "--lakehouse", lakehouse, "--master", "local[2]");
    assertEquals(0, r.exit(), r.err());
    assertEquals("eval_run\r\ne1\r\n", Files.readString(out));
    assertTrue(r.out().startsWith("wrote 1 rows (csv) to "), r.out());
  }

  @Test
  void mistakesAreOneLineErrors() {
    CliRun format = CliRun.of("sql", "SELECT 1", "--format", "xml", "--lakehouse", lakehouse);
    assertEquals(1, format.exit());
    assertEquals("synergen sql: [SQL_INVALID] unknown output format 'xml'; use one of [table, json, csv]\n",
        format.err());
    CliRun version = CliRun.of("sql", "SELECT * FROM eval_results@v7", "--lakehouse", lakehouse, "--master",
        "local[2]");
    assertEquals(1, version.exit());
    assertTrue(version.err().contains("synergen sql: [SQL_INVALID] unknown version in eval_results@v7: "
        + "Cannot time travel Delta table to version 7. Available versions: [0, 2]."), version.err());
    assertEquals("", version.out());
  }
}
