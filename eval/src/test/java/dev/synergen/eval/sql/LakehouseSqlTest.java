package dev.synergen.eval.sql;

import static dev.synergen.eval.fixtures.EvalTables.result;
import static dev.synergen.eval.fixtures.EvalTables.rows;
import static dev.synergen.eval.fixtures.EvalTables.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.fixtures.EvalTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synergen sql's engine: tables as views, table@vN as Delta versions, three formats, errors a user can act on. */
class LakehouseSqlTest {
  private static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G'};

  // the tests only read, so one lakehouse serves the class (each MERGE costs seconds)
  @TempDir static java.nio.file.Path dir;
  private static SparkSession spark;
  private static Lakehouse lakehouse;

  @BeforeAll
  static void twoVersionsOfEvalResultsAndOneOfEvalSamples() {
    spark = TestSpark.session();
    lakehouse = TestSpark.lakehouse(dir);
    // eval_results: version 0 creates the table, version 1 adds run e1, version 2 adds run e2
    EvalTables.write(spark, lakehouse, PipelineTables.EVAL_RESULTS,
        rows(result("e1", "/ck/a", "s1", 10, "pope", "accuracy", 0.75, 40, new double[] {0.6, 0.86}, 0.5)));
    EvalTables.write(spark, lakehouse, PipelineTables.EVAL_RESULTS, rows(
        result("e2", "/ck/b", "s2", 20, "pope", "accuracy", 0.8, 40, new double[] {0.65, 0.9}, 0.5),
        result("e2", "/ck/b", "s2", 20, "pope", "f1", 0.7, 40, null, null)));
    EvalTables.write(spark, lakehouse, PipelineTables.EVAL_SAMPLES, rows(
        sample("e1", "caption", "c1", "pair-1", "a red, \"big\" circle", null, true, 0.5, PNG_HEAD, "{\"k\":1}")));
  }

  @Test
  void existingTablesAreViewsUnderTheirNamesAtTheirCurrentVersion() {
    LakehouseSql sql = LakehouseSql.open(spark, lakehouse);
    assertEquals(Map.of("eval_results", 2L, "eval_samples", 1L), sql.tables());
    List<Row> counts = sql.query("SELECT eval_run, count(*) FROM eval_results GROUP BY eval_run ORDER BY eval_run")
        .collectAsList();
    assertEquals("[[e1,1], [e2,2]]", counts.toString());
  }

  @Test
  void tableAtVersionReadsThatDeltaVersion() {
    LakehouseSql sql = LakehouseSql.open(spark, lakehouse);
    Row r = sql.query("SELECT (SELECT count(*) FROM eval_results@v0), (SELECT count(*) FROM eval_results@v1), "
        + "(SELECT count(*) FROM eval_results@v2), (SELECT count(*) FROM eval_results)").head();
    assertEquals("[0,1,3,3]", r.toString());
    Row joined = sql.query("SELECT count(*) FROM eval_results@v2 now LEFT ANTI JOIN eval_results@v1 was "
        + "ON now.eval_run = was.eval_run AND now.metric = was.metric").head();
    assertEquals(2L, joined.getLong(0));
  }

  @Test
  void jsonIsOneObjectPerRowWithBinaryAsBase64MapsAsObjectsAndNullsKept() throws Exception {
    String out = run("SELECT sample_id, image, reference, map('a', 1) AS m, array(1, 2) AS xs, "
        + "CAST('NaN' AS DOUBLE) AS nan, TIMESTAMP '2026-12-01 10:00:00 UTC' AS t FROM eval_samples", SqlFormat.JSON);
    String[] lines = out.split("\n");
    assertEquals(1, lines.length, out);
    JsonNode row = new ObjectMapper().readTree(lines[0]);
    assertEquals("c1", row.get("sample_id").asText());
    assertEquals(Base64.getEncoder().encodeToString(PNG_HEAD), row.get("image").asText());
    assertTrue(row.get("reference").isNull(), lines[0]);
    assertEquals(1, row.get("m").get("a").asInt());
    assertEquals("[1,2]", row.get("xs").toString());
    assertEquals("NaN", row.get("nan").asText(), "non-finite numbers as strings: JSON has no NaN");
    String t = row.get("t").asText();
    assertTrue(t.matches("2026-12-01T\\d\\d:\\d\\d:00(\\.000)?(Z|[+-]\\d\\d:\\d\\d)"), "ISO-8601 with offset: " + t);
  }

  @Test
  void csvHasAHeaderQuotesWhatNeedsItAndTellsNullFromEmpty() throws Exception {
    String out = run("SELECT sample_id, output, reference, '' AS empty, image, map('k', 2) AS m FROM eval_samples",
        SqlFormat.CSV);
    assertEquals("sample_id,output,reference,empty,image,m\r\n"
        + "c1,\"a red, \"\"big\"\" circle\",,\"\"," + Base64.getEncoder().encodeToString(PNG_HEAD)
        + ",\"{\"\"k\"\":2}\"\r\n", out);
  }

  @Test
  void tableAlignsColumnsCutsLongCellsAndCountsRows() throws Exception {
    String out = run("SELECT metric, value, image FROM eval_results, (SELECT image FROM eval_samples) "
        + "WHERE eval_run = 'e2' ORDER BY metric", SqlFormat.TABLE);
    assertEquals("""
        +--------+-----+---------+
        |metric  |value|image    |
        +--------+-----+---------+
        |accuracy|  0.8|<4 bytes>|
        |f1      |  0.7|<4 bytes>|
        +--------+-----+---------+
        (2 rows)
        """, out);
  }

  @Test
  void errorsNameTheProblem() {
    LakehouseSql sql = LakehouseSql.open(spark, lakehouse);
    assertEquals("[SQL_INVALID] unknown table `raw_pairs`; the tables under " + lakehouse.root()
        + " are [eval_results, eval_samples] (not created yet: [raw_pairs, rejects, tokenized_pairs, sequences, "
        + "training_metrics, checkpoints, text_docs]). Spark said: [TABLE_OR_VIEW_NOT_FOUND] The table or view "
        + "`raw_pairs` cannot be found. Verify the spelling and correctness of the schema and catalog.",
        invalid(() -> sql.query("SELECT * FROM raw_pairs")));
    assertTrue(invalid(() -> sql.query("SELEC 1")).startsWith("[SQL_INVALID] cannot parse the query: "
        + "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'"));
    assertTrue(invalid(() -> sql.query("SELECT nope FROM eval_results")).startsWith(
        "[SQL_INVALID] cannot run the query: [UNRESOLVED_COLUMN.WITH_SUGGESTION]"));
    assertEquals("[SQL_INVALID] unknown version in eval_results@v9: Cannot time travel Delta table to version 9. "
        + "Available versions: [0, 2]. (the current version is 2)",
        invalid(() -> sql.query("SELECT * FROM eval_results@v9")));
    assertEquals("[SQL_INVALID] unknown table 'raw_pairs' in raw_pairs@v9: it does not exist under "
        + lakehouse.root() + " yet; existing tables: [eval_results, eval_samples]",
        invalid(() -> sql.query("SELECT * FROM raw_pairs@v9")));
    assertEquals("[SQL_INVALID] unknown output format 'xml'; use one of [table, json, csv]",
        invalid(() -> SqlFormat.parse("xml")));
    assertTrue(invalid(() -> sql.write("SELECT eval_run, eval_run FROM eval_results", SqlFormat.JSON,
        new ByteArrayOutputStream())).startsWith("[SQL_INVALID] the result has two columns named 'eval_run'"));
  }

  @Test
  void statementsThatWriteAreRefusedBeforeTheyRun() {
    LakehouseSql sql = LakehouseSql.open(spark, lakehouse);
    for (String statement : List.of("DELETE FROM eval_results", "INSERT INTO eval_results SELECT * FROM eval_results",
        "WITH x AS (SELECT 1) INSERT INTO eval_samples SELECT * FROM x", "DROP VIEW eval_results",
        "UPDATE eval_results SET value = 1", "CREATE TABLE t AS SELECT 1")) {
      assertTrue(invalid(() -> sql.query(statement)).startsWith("[SQL_INVALID] synergen sql only reads"), statement);
    }
    assertEquals(3L, sql.query("SELECT count(*) FROM eval_results").head().getLong(0));
    assertEquals(2, sql.query("SHOW TABLES").where("isTemporary AND tableName LIKE 'eval%'").count());
    assertTrue(sql.query("DESCRIBE eval_samples").count() >= 11);
  }

  private String run(String query, SqlFormat format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LakehouseSql.open(spark, lakehouse).write(query, format, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String invalid(org.junit.jupiter.api.function.Executable action) {
    PipelineException e = assertThrows(PipelineException.class, action);
    assertEquals(EvalErrors.SQL_INVALID.code(), e.errorClass(), e.getMessage());
    return e.getMessage();
  }
}
