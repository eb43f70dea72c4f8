package dev.synergen.core.delta;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.spark.JobDescription;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Creates, checks, reads and writes the pipeline's Delta tables. Every write goes through one of
 * the two idempotent paths here: {@link #insertNew} (MERGE on the table's key) or
 * {@link #appendOnce} (Delta's {@code txnAppId}/{@code txnVersion}), so a job re-run after a crash
 * neither duplicates nor loses rows.
 */
public final class DeltaTables {

  private DeltaTables() {}

  /** Creates the table if missing; if present, checks that every column of the spec has the right type. */
  public static void ensure(SparkSession spark, Lakehouse lakehouse, TableSpec spec) {
    String path = lakehouse.table(spec.name());
    if (DeltaTable.isDeltaTable(spark, path)) {
      StructType actual = DeltaTable.forPath(spark, path).toDF().schema();
      addNullableColumns(spark, spec, path, actual);
      checkSchema(spec, path, DeltaTable.forPath(spark, path).toDF().schema());
      return;
    }
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).location(path).addColumns(spec.schema())
        .comment(spec.description())
        .property("synergen.table", spec.name())
        .property("synergen.key", String.join(",", spec.keyColumns()));
    if (!spec.partitionColumns().isEmpty()) {
      builder = builder.partitionedBy(spec.partitionColumns().toArray(new String[0]));
    }
    for (int attempt = 1; ; attempt++) {
      try {
        builder.execute();
        return;
      } catch (Exception e) { // Delta's "location not empty" is an AnalysisException: checked in Java's eyes
        // two jobs creating the table at once: the loser's create conflicts, or finds the winner's directory
        // before its first commit (a location "not empty and not a Delta table"); once that commit lands the
        // table exists either way. A location that stays non-Delta is someone else's directory: the error stands.
        if (DeltaTable.isDeltaTable(spark, path)) {
          checkSchema(spec, path, DeltaTable.forPath(spark, path).toDF().schema());
          return;
        }
        if (!isCreateRace(e) || attempt >= MAX_CONFLICT_ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  static boolean isCreateRace(Throwable e) {
    // which of the two Delta reports depends on when the other writer's files appear: the create itself finds
    // the location not empty, or it passes and the builder's read of the new table finds no Delta log yet
    return isWriteConflict(e) || anyCause(e, t -> {
      String message = String.valueOf(t.getMessage());
      return message.contains("DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION")
          || message.contains("DELTA_MISSING_DELTA_TABLE");
    });
  }

  public static boolean exists(SparkSession spark, Lakehouse lakehouse, TableSpec spec) {
    return DeltaTable.isDeltaTable(spark, lakehouse.table(spec.name()));
  }

  /** The current table as a DataFrame; fails with a hint if the job that creates it has not run. */
  public static Dataset<Row> read(SparkSession spark, Lakehouse lakehouse, TableSpec spec) {
    return spark.read().format("delta").load(requireTable(spark, lakehouse, spec));
  }

  /** The table as of a version (Delta time travel), to reproduce a run. */
  public static Dataset<Row> readAt(SparkSession spark, Lakehouse lakehouse, TableSpec spec, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(requireTable(spark, lakehouse, spec));
  }

  /**
   * Makes {@code to}'s table {@code spec} a Delta shallow clone of {@code from}'s at {@code version}:
   * the clone's log points at the source's data files (nothing is copied), and writes to the clone
   * never touch the source. {@code to} must not hold the table yet.
   */
  public static void shallowClone(SparkSession spark, Lakehouse from, Lakehouse to, TableSpec spec, long version) {
    String source = requireTable(spark, from, spec);
    try (JobDescription d = JobDescription.within(spark, "shallow clone of " + spec.name())) {
      spark.sql("CREATE TABLE delta." + quoted(to.table(spec.name())) + " SHALLOW CLONE delta." + quoted(source)
          + " VERSION AS OF " + version);
    }
  }

  private static String quoted(String path) {
    return "`" + path.replace("`", "``") + "`";
  }

  /** The latest committed version, recorded by every run that reads the table. */
  public static long currentVersion(SparkSession spark, Lakehouse lakehouse, TableSpec spec) {
    try (JobDescription d = JobDescription.within(spark, "version of " + spec.name())) {
      DeltaTable table = DeltaTable.forPath(spark, requireTable(spark, lakehouse, spec));
      return table.history(1).select("version").head().getLong(0);
    }
  }

  /**
   * Inserts the rows whose key is not in the table yet (MERGE ... WHEN NOT MATCHED INSERT) and
   * returns how many were inserted. Rows already present are left untouched, which makes a re-run
   * a no-op. Keys must be unique in {@code rows}: Delta's insert-only MERGE would insert both rows of
   * a repeated key, so callers whose source may repeat one check it first ({@link #requireUniqueKeys})
   * or reject the repeats. A conflict with a concurrent writer is retried on the new snapshot, so two
   * jobs inserting overlapping keys at once end with one row per key.
   */
  public static long insertNew(SparkSession spark, Lakehouse lakehouse, TableSpec spec, Dataset<Row> rows) {
    ensure(spark, lakehouse, spec);
    Dataset<Row> source = conform(spec, rows);
    String path = lakehouse.table(spec.name());
    String condition = spec.keyColumns().stream()
        .map(k -> "t.`" + k + "` = s.`" + k + "`")
        .collect(Collectors.joining(" AND "));
    for (int attempt = 1; ; attempt++) {
      try (JobDescription d = JobDescription.within(spark, "MERGE into " + spec.name())) {
        Dataset<Row> metrics = DeltaTable.forPath(spark, path).as("t")
            .merge(source.as("s"), condition)
            .whenNotMatched().insertAll()
            .execute();
        Row m = metrics.head();
        return m.getLong(m.fieldIndex("num_inserted_rows"));
      } catch (RuntimeException e) {
        // another writer committed files this MERGE read: run it again on the new snapshot, which then skips
        // the keys the other writer inserted (optimistic concurrency, as Delta documents it)
        if (!isWriteConflict(e) || attempt >= MAX_CONFLICT_ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** MERGE attempts before a write conflict with concurrent writers is given up. */
  static final int MAX_CONFLICT_ATTEMPTS = 10;

  static boolean isWriteConflict(Throwable e) {
    return anyCause(e, t -> t instanceof java.util.ConcurrentModificationException);
  }

  private static boolean anyCause(Throwable e, java.util.function.Predicate<Throwable> test) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(2_000L, 50L << Math.min(attempt, 6)) + java.util.concurrent.ThreadLocalRandom.current().nextLong(50));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a conflicting Delta write", ie);
    }
  }

  /** Fails if {@code rows} holds the same key twice; call before {@link #insertNew} when the source may repeat. */
  public static void requireUniqueKeys(TableSpec spec, Dataset<Row> rows) {
    Column[] keys = spec.keyColumns().stream().map(functions::col).toArray(Column[]::new);
    List<Row> dupes;
    try (JobDescription d = JobDescription.within(rows.sparkSession(), "check the keys of rows for " + spec.name())) {
      dupes = rows.groupBy(keys).count().where("count > 1").limit(3).collectAsList();
    }
    if (!dupes.isEmpty()) {
      throw CoreErrors.error(CoreErrors.DELTA_DUPLICATE_KEYS, "rows for " + spec.name() + " repeat the key " + spec.keyColumns()
          + ", e.g. " + dupes + "; deduplicate (and reject) them before writing");
    }
  }

  /**
   * Appends {@code rows} exactly once for ({@code appId}, {@code txnVersion}): Delta records the pair
   * in the same commit and skips a later write with a version not above it. Returns false when skipped.
   * Whether this call is the one that appended is read from the commit it tagged (a unique
   * {@code userMetadata}), not from the table's version, which other writers also move.
   */
  public static boolean appendOnce(SparkSession spark, Lakehouse lakehouse, TableSpec spec, Dataset<Row> rows,
      String appId, long txnVersion) {
    return appendOnce(spark, lakehouse, spec, rows, appId, txnVersion, () -> { });
  }

  /** As above; {@code afterWrite} runs between the write and the check (tests commit another writer there). */
  static boolean appendOnce(SparkSession spark, Lakehouse lakehouse, TableSpec spec, Dataset<Row> rows,
      String appId, long txnVersion, Runnable afterWrite) {
    ensure(spark, lakehouse, spec);
    String path = lakehouse.table(spec.name());
    long before = currentVersion(spark, lakehouse, spec);
    String tag = "synergen-append " + appId + " " + txnVersion + " " + UUID.randomUUID();
    try (JobDescription d = JobDescription.within(spark, "append to " + spec.name())) {
      conform(spec, rows).write().format("delta").mode("append")
          .option("txnAppId", appId)
          .option("txnVersion", txnVersion)
          .option("userMetadata", tag)
          .save(path);
      afterWrite.run();
      long after = currentVersion(spark, lakehouse, spec);
      if (after == before) {
        return false;
      }
      return !DeltaTable.forPath(spark, path).history((int) Math.min(after - before, Integer.MAX_VALUE))
          .where(functions.col("userMetadata").equalTo(tag)).isEmpty();
    }
  }

  /** Selects the spec's columns in order and casts to its types, naming any missing column. */
  public static Dataset<Row> conform(TableSpec spec, Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    List<String> present = List.of(rows.columns());
    for (StructField f : spec.schema().fields()) {
      if (!present.contains(f.name())) {
        throw CoreErrors.error(CoreErrors.DELTA_SCHEMA_MISMATCH, "rows written to " + spec.name() + " lack column '" + f.name()
            + "' (" + f.dataType().simpleString() + "); they have " + present);
      }
      columns.add(functions.col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return rows.select(columns.toArray(new Column[0]));
  }

  /**
   * Schema evolution that cannot lose data: nullable columns a newer version of the pipeline added to
   * the spec are added to an older table (its rows read them as null); anything else is refused.
   */
  private static void addNullableColumns(SparkSession spark, TableSpec spec, String path, StructType actual) {
    List<String> missing = new ArrayList<>();
    for (StructField f : spec.schema().fields()) {
      if (f.nullable() && java.util.Arrays.stream(actual.fieldNames()).noneMatch(f.name()::equals)) {
        missing.add("`" + f.name() + "` " + f.dataType().sql());
      }
    }
    if (!missing.isEmpty()) {
      try (JobDescription d = JobDescription.within(spark, "add columns to " + spec.name())) {
        spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` ADD COLUMNS (" + String.join(", ", missing)
            + ")");
      }
    }
  }

  static void checkSchema(TableSpec spec, String path, StructType actual) {
    List<String> problems = new ArrayList<>();
    for (StructField expected : spec.schema().fields()) {
      StructField found = null;
      for (StructField f : actual.fields()) {
        if (f.name().equals(expected.name())) {
          found = f;
        }
      }
      if (found == null) {
        problems.add("missing column '" + expected.name() + "' " + expected.dataType().simpleString());
      } else if (!sameIgnoringNullability(expected.dataType(), found.dataType())) {
        problems.add("column '" + expected.name() + "' is " + found.dataType().simpleString() + ", expected "
            + expected.dataType().simpleString());
      }
    }
    if (!problems.isEmpty()) {
      throw CoreErrors.error(CoreErrors.DELTA_SCHEMA_MISMATCH, "table " + spec.name() + " at " + path + " does not match this "
          + "version of the pipeline: " + String.join("; ", problems)
          + ". Point --lakehouse at another root or migrate the table.");
    }
  }

  static boolean sameIgnoringNullability(DataType a, DataType b) {
    if (a instanceof ArrayType x && b instanceof ArrayType y) {
      return sameIgnoringNullability(x.elementType(), y.elementType());
    }
    if (a instanceof MapType x && b instanceof MapType y) {
      return sameIgnoringNullability(x.keyType(), y.keyType()) && sameIgnoringNullability(x.valueType(), y.valueType());
    }
    if (a instanceof StructType x && b instanceof StructType y) {
      if (x.fields().length != y.fields().length) {
        return false;
      }
      for (int i = 0; i < x.fields().length; i++) {
        if (!x.fields()[i].name().equals(y.fields()[i].name())
            || !sameIgnoringNullability(x.fields()[i].dataType(), y.fields()[i].dataType())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static String requireTable(SparkSession spark, Lakehouse lakehouse, TableSpec spec) {
    String path = lakehouse.table(spec.name());
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw CoreErrors.error(CoreErrors.DELTA_TABLE_MISSING, "no Delta table " + spec.name() + " at " + path
          + "; run the job that writes it first (see `synergen --help`) or check --lakehouse");
    }
    return path;
  }
}
