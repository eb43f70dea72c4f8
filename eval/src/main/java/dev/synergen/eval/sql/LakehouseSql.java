package dev.synergen.eval.sql;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.eval.EvalErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.delta.VersionNotFoundException;

/**
 * Spark SQL over the lakehouse, the engine of {@code synergen sql}: every pipeline table that
 * exists is a temp view under its own name ({@code raw_pairs}, {@code eval_results}, ...), and
 * {@code table@v12} reads Delta version 12 of that table. Statements that write are refused.
 * Errors a user can fix (syntax, unknown table, column or version, unknown format) are SQL_INVALID
 * with Spark's or Delta's explanation.
 *
 * <p>It lives in eval, not pipeline-core: it is a reading and presentation tool for the people
 * and notebooks that look at results (its error class is eval's SQL_INVALID), while pipeline-core
 * stays the layer that defines and writes the tables.
 */
public final class LakehouseSql {
  private final SparkSession spark;
  private final Lakehouse lakehouse;
  /** Existing pipeline tables by name, with the version each view shows. */
  private final Map<String, Long> current = new TreeMap<>();

  private LakehouseSql(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.lakehouse = lakehouse;
  }

  /** Registers the current version of every existing pipeline table as a temp view (and drops stale ones). */
  public static LakehouseSql open(SparkSession spark, Lakehouse lakehouse) {
    LakehouseSql sql = new LakehouseSql(spark, lakehouse);
    try (JobDescription d = JobDescription.of(spark, "sql: register tables")) {
      for (TableSpec spec : PipelineTables.ALL) {
        if (DeltaTables.exists(spark, lakehouse, spec)) {
          sql.current.put(spec.name(), DeltaTables.currentVersion(spark, lakehouse, spec));
          DeltaTables.read(spark, lakehouse, spec).createOrReplaceTempView(spec.name());
        } else {
          // one session may have seen another lakehouse (tests, notebooks); its view must not answer here
          spark.catalog().dropTempView(spec.name());
        }
      }
    }
    return sql;
  }

  /** The registered tables and the Delta version each view reads. */
  public Map<String, Long> tables() {
    return Map.copyOf(current);
  }

  /** The query's rows (lazy: nothing is computed until they are written or collected). */
  public Dataset<Row> query(String sql) {
    if (sql == null || sql.isBlank()) {
      throw EvalErrors.error(EvalErrors.SQL_INVALID, "the query is empty; e.g. synergen sql \"SELECT split, count(*) "
          + "FROM raw_pairs GROUP BY split\"");
    }
    VersionRefs.Rewrite rewrite = VersionRefs.rewrite(sql, names());
    for (VersionRefs.Ref ref : rewrite.refs()) {
      registerVersion(ref);
    }
    try {
      LogicalPlan parsed = spark.sessionState().sqlParser().parsePlan(rewrite.sql());
      ReadOnlyStatements.require(parsed, sql);
      try (JobDescription d = JobDescription.of(spark, "sql: query")) {
        return spark.sql(rewrite.sql());
      }
    } catch (Exception e) {
      throw translate(e, sql);
    }
  }

  /** Runs {@code sql} and writes its rows in {@code format}; returns the number of rows written. */
  public long write(String sql, SqlFormat format, OutputStream out) throws IOException {
    Dataset<Row> rows = query(sql);
    try (JobDescription d = JobDescription.of(spark, "sql: " + format.name().toLowerCase(java.util.Locale.ROOT))) {
      return ResultWriter.write(rows, format, out);
    } catch (RuntimeException e) {
      // analysis errors can surface only when the rows are computed (e.g. a bad cast under ANSI mode)
      throw translate(e, sql);
    }
  }

  private List<String> names() {
    return PipelineTables.ALL.stream().map(TableSpec::name).toList();
  }

  private void registerVersion(VersionRefs.Ref ref) {
    TableSpec spec = PipelineTables.ALL.stream().filter(s -> s.name().equals(ref.table())).findFirst().orElseThrow();
    if (!current.containsKey(spec.name())) {
      throw EvalErrors.error(EvalErrors.SQL_INVALID, "unknown table '" + ref.table() + "' in " + ref.viewName()
          + ": it does not exist under " + lakehouse.root() + " yet; existing tables: " + current.keySet());
    }
    try {
      DeltaTables.readAt(spark, lakehouse, spec, ref.version()).createOrReplaceTempView("`" + ref.viewName() + "`");
    } catch (Exception e) {
      // Scala exceptions are unchecked to javac, so the Delta one is told apart here
      if (e instanceof VersionNotFoundException) {
        throw EvalErrors.error(EvalErrors.SQL_INVALID, "unknown version in " + ref.viewName() + ": "
            + e.getMessage() + " (the current version is " + current.get(spec.name()) + ")", e);
      }
      throw e;
    }
  }

  private RuntimeException translate(Exception e, String sql) {
    if (e instanceof dev.synergen.core.PipelineException pe) {
      return pe;
    }
    if (e instanceof AnalysisException a) {
      String message = a.getMessage().strip();
      if ("TABLE_OR_VIEW_NOT_FOUND".equals(a.getCondition())) {
        List<String> absent = new ArrayList<>(names());
        absent.removeAll(current.keySet());
        return EvalErrors.error(EvalErrors.SQL_INVALID, "unknown table " + a.getMessageParameters().get("relationName")
            + "; the tables under " + lakehouse.root() + " are " + current.keySet()
            + (absent.isEmpty() ? "" : " (not created yet: " + absent + ")") + ". Spark said: " + firstLine(message),
            e);
      }
      String kind = a instanceof org.apache.spark.sql.catalyst.parser.ParseException ? "cannot parse the query"
          : "cannot run the query";
      return EvalErrors.error(EvalErrors.SQL_INVALID, kind + ": " + message, e);
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
