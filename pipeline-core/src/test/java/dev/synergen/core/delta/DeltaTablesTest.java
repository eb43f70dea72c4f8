package dev.synergen.core.delta;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaTablesTest {
  private static final TableSpec PEOPLE = new TableSpec("people", new StructType(new StructField[] {
      new StructField("id", StringType, false, Metadata.empty()),
      new StructField("age", IntegerType, true, Metadata.empty())}), List.of("id"), List.of(), "test table");

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private Dataset<Row> people(Object... idAge) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < idAge.length; i += 2) {
      rows.add(RowFactory.create(idAge[i], idAge[i + 1]));
    }
    return spark.createDataFrame(rows, PEOPLE.schema());
  }

  private List<String> ids(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PEOPLE).orderBy("id").collectAsList().stream()
        .map(r -> r.getString(0) + "=" + r.get(1)).toList();
  }

  @Test
  void twoWritersInsertingOverlappingKeysAtOnceEndWithOneRowPerKey() throws Exception {
    // rounds of two concurrent MERGEs over keys 0..29 and 15..44, each round into a table neither writer has
    // created yet: the creates race (one may find the other's directory before its first commit) and the MERGEs
    // conflict (Delta's optimistic concurrency); the losers must wait or retry, not fail
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        Lakehouse lakehouse = TestSpark.lakehouse(dir.resolve("round-" + round));
        List<Future<Long>> inserted = pool.invokeAll(List.of(
            () -> DeltaTables.insertNew(spark, lakehouse, PEOPLE, range(0, 30)),
            () -> DeltaTables.insertNew(spark, lakehouse, PEOPLE, range(15, 45))));
        assertEquals(45, inserted.get(0).get() + inserted.get(1).get(), "each key inserted by exactly one writer");
        List<Row> rows = DeltaTables.read(spark, lakehouse, PEOPLE).collectAsList();
        assertEquals(45, rows.size());
        assertEquals(45, rows.stream().map(r -> r.getString(0)).distinct().count(), "no key twice");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCreateThatFindsAnotherWritersDirectoryBeforeItsFirstCommitWaitsForThatCommit() throws Exception {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    // the other writer's directory before its first commit: not empty, not yet a Delta table
    Path unfinished = Path.of(lakehouse.table(PEOPLE.name())).resolve("part-00000-unfinished.parquet");
    Files.createDirectories(unfinished.getParent());
    Files.writeString(unfinished, "not yet committed");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> create = pool.submit(() -> DeltaTables.ensure(spark, lakehouse, PEOPLE));
      // long enough for several refused attempts ("not empty and not a Delta table"), short of giving up (~13 s)
      Thread.sleep(3_000);
      assertFalse(create.isDone(), "the create waits while the location is someone's unfinished table");
      // the other writer finishes: its table is created (and committed) while the first create still retries
      Files.delete(unfinished);
      DeltaTables.ensure(spark, lakehouse, PEOPLE);
      create.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertTrue(DeltaTables.exists(spark, lakehouse, PEOPLE));
    assertEquals(1, DeltaTables.insertNew(spark, lakehouse, PEOPLE, people("a", 1)));
    assertEquals(List.of("a=1"), ids(lakehouse));
  }

  private Dataset<Row> range(int from, int to) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(RowFactory.create(String.format("k%04d", i), i));
    }
    return spark.createDataFrame(rows, PEOPLE.schema());
  }

  @Test
  void ensureCreatesEveryPipelineTableWithItsSchema() {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    for (TableSpec spec : PipelineTables.ALL) {
      DeltaTables.ensure(spark, lakehouse, spec);
      DeltaTables.ensure(spark, lakehouse, spec);
      assertEquals(0, DeltaTables.read(spark, lakehouse, spec).count(), spec.name());
      assertEquals(List.of(spec.schema().fieldNames()),
          List.of(DeltaTables.read(spark, lakehouse, spec).schema().fieldNames()), spec.name());
    }
  }

  @Test
  void insertNewIsIdempotentAndReportsOnlyNewRows() {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    assertEquals(2, DeltaTables.insertNew(spark, lakehouse, PEOPLE, people("a", 1, "b", 2)));
    assertEquals(0, DeltaTables.insertNew(spark, lakehouse, PEOPLE, people("a", 1, "b", 2)));
    assertEquals(1, DeltaTables.insertNew(spark, lakehouse, PEOPLE, people("b", 99, "c", 3)));
    assertEquals(List.of("a=1", "b=2", "c=3"), ids(lakehouse), "existing rows are never overwritten");
  }

  @Test
  void appendOnceSkipsARepeatedTransactionVersion() {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    assertTrue(DeltaTables.appendOnce(spark, lakehouse, PEOPLE, people("a", 1), "job-x", 0));
    assertFalse(DeltaTables.appendOnce(spark, lakehouse, PEOPLE, people("a", 1), "job-x", 0));
    assertTrue(DeltaTables.appendOnce(spark, lakehouse, PEOPLE, people("b", 2), "job-x", 1));
    assertEquals(List.of("a=1", "b=2"), ids(lakehouse));
  }

  @Test
  void aSkippedAppendReportsFalseEvenWhenAnotherWriterMovesTheTableMeanwhile() {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    assertTrue(DeltaTables.appendOnce(spark, lakehouse, PEOPLE, people("a", 1), "job-x", 0));
    int[] otherVersion = {0};
    Runnable otherWriter = () -> assertTrue(
        DeltaTables.appendOnce(spark, lakehouse, PEOPLE, people("y" + otherVersion[0], 9), "job-y", otherVersion[0]++));
    assertFalse(DeltaTables.appendOnce(spark, lakehouse, PEOPLE, people("a", 1), "job-x", 0, otherWriter),
        "job-x's version 0 is in the table already; job-y's commit is not this call's");
    assertTrue(DeltaTables.appendOnce(spark, lakehouse, PEOPLE, people("b", 2), "job-x", 1, otherWriter),
        "this call's own commit is found among the others");
    assertEquals(List.of("a=1", "b=2", "y0=9", "y1=9"), ids(lakehouse));
  }

  @Test
  void aTableOfAnotherSchemaIsRefusedWithTheColumnNamed() {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    TableSpec other = new TableSpec("people", new StructType(new StructField[] {
        new StructField("id", StringType, false, Metadata.empty()),
        new StructField("age", StringType, true, Metadata.empty())}), List.of("id"), List.of(), "old layout");
    DeltaTables.ensure(spark, lakehouse, other);
    PipelineException e = assertThrows(PipelineException.class, () -> DeltaTables.ensure(spark, lakehouse, PEOPLE));
    assertEquals(CoreErrors.DELTA_SCHEMA_MISMATCH.code(), e.errorClass());
    assertTrue(e.getMessage().contains("column 'age' is string, expected int"), e.getMessage());
  }

  @Test
  void readingAMissingTableNamesTheTableAndWhatToDo() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> DeltaTables.read(spark, TestSpark.lakehouse(dir), PipelineTables.SEQUENCES));
    assertEquals(CoreErrors.DELTA_TABLE_MISSING.code(), e.errorClass());
    assertTrue(e.getMessage().contains("no Delta table sequences at"), e.getMessage());
  }

  @Test
  void duplicateKeysInTheSourceAreAnError() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> DeltaTables.requireUniqueKeys(PEOPLE, people("a", 1, "a", 2)));
    assertEquals(CoreErrors.DELTA_DUPLICATE_KEYS.code(), e.errorClass());
  }

  @Test
  void versionsAdvancePerCommitAndTimeTravelReadsOldOnes() {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    DeltaTables.insertNew(spark, lakehouse, PEOPLE, people("a", 1));
    long v1 = DeltaTables.currentVersion(spark, lakehouse, PEOPLE);
    DeltaTables.insertNew(spark, lakehouse, PEOPLE, people("b", 2));
    assertEquals(v1 + 1, DeltaTables.currentVersion(spark, lakehouse, PEOPLE));
    assertEquals(1, DeltaTables.readAt(spark, lakehouse, PEOPLE, v1).count());
  }

  @Test
  void aShallowCloneReadsTheVersionAskedAndItsWritesLeaveTheSourceAlone() {
    Lakehouse source = TestSpark.lakehouse(dir.resolve("source"));
    DeltaTables.insertNew(spark, source, PEOPLE, people("a", 1));
    long v = DeltaTables.currentVersion(spark, source, PEOPLE);
    DeltaTables.insertNew(spark, source, PEOPLE, people("b", 2));
    Lakehouse scratch = TestSpark.lakehouse(dir.resolve("scratch `odd`"));
    DeltaTables.shallowClone(spark, source, scratch, PEOPLE, v);
    assertEquals(List.of("a=1"), ids(scratch));
    DeltaTables.insertNew(spark, scratch, PEOPLE, people("c", 3));
    assertEquals(List.of("a=1", "c=3"), ids(scratch));
    assertEquals(List.of("a=1", "b=2"), ids(source));
  }

  @Test
  void conformNamesAMissingColumn() {
    Dataset<Row> partial = people("a", 1).drop("age");
    PipelineException e = assertThrows(PipelineException.class, () -> DeltaTables.conform(PEOPLE, partial));
    assertTrue(e.getMessage().contains("lack column 'age' (int)"), e.getMessage());
  }

  @Test
  void nullabilityDoesNotMakeTypesDiffer() {
    assertTrue(DeltaTables.sameIgnoringNullability(DataTypes.createArrayType(IntegerType, false),
        DataTypes.createArrayType(IntegerType, true)));
    assertFalse(DeltaTables.sameIgnoringNullability(DataTypes.createArrayType(IntegerType, false),
        DataTypes.createArrayType(StringType, false)));
  }
}
