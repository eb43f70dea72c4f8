package dev.synergen.tokenization.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.FaultRows;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.reject.RejectReason;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * One batch of an ingest job committed by content id. Against one pinned version of the table,
 * each accepted record is new, already present (same id, source and key) or a duplicate (the same
 * id under another source or key, in the table or earlier in this input by source then key); new
 * rows are MERGEd first, then the refusals and duplicates into {@code rejects}. Hence new + present
 * + rejected = input, and a re-run after a crash completes the work without duplicates.
 */
public final class KeyedCommit {
  private static final String NEW = "new";
  private static final String PRESENT = "present";
  private static final String DUPLICATE_IN_INPUT = "duplicate_in_input";
  private static final String DUPLICATE_OF_EXISTING = "duplicate_of_existing";

  /**
   * What a job commits: its stage, table and content-id column; the {@code kind} values of its
   * accepted and refused outcome rows; the reason and wording ("same text as") of a duplicate.
   */
  public record Target(String stage, TableSpec table, String idColumn, String acceptedKind, String rejectedKind,
      RejectReason duplicate, String sameAs) {}

  /** Records by fate, summed over batches. */
  public static final class Counts {
    private long input;
    private long inserted;
    private long present;
    private final Map<String, Long> rejected = new TreeMap<>();

    public void add(Counts other) {
      input += other.input;
      inserted += other.inserted;
      present += other.present;
      other.rejected.forEach((k, v) -> rejected.merge(k, v, Long::sum));
    }

    public long input() {
      return input;
    }

    public long inserted() {
      return inserted;
    }

    public long present() {
      return present;
    }

    /** Rejected records by reason code. */
    public Map<String, Long> rejectedByReason() {
      return rejected;
    }

    public long rejected() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private KeyedCommit() {}

  /**
   * Commits one batch of outcome rows (columns {@code kind}, the id column, {@code source},
   * {@code source_key}, {@code reason_code}, {@code detail} and the table's); {@code afterNewRows}
   * runs between the two writes.
   */
  public static Counts commit(SparkSession spark, Lakehouse lakehouse, Target target, Dataset<Row> outcomes,
      RunId runId, Timestamp at, FaultPlan faults, int batch, Runnable afterNewRows) {
    String id = target.idColumn();
    // Pinned to one version: the classification must not change when this batch's MERGE lands.
    long version = DeltaTables.currentVersion(spark, lakehouse, target.table());
    Dataset<Row> existing = DeltaTables.readAt(spark, lakehouse, target.table(), version)
        .select(col(id).as("e_id"), col("source").as("e_source"), col("source_key").as("e_source_key"));
    WindowSpec byContent = Window.partitionBy(id).orderBy("source", "source_key");
    Dataset<Row> accepted = outcomes.where(col("kind").equalTo(target.acceptedKind()));
    Dataset<Row> classified = accepted.join(existing, accepted.col(id).equalTo(existing.col("e_id")), "left")
        .withColumn("rank", row_number().over(byContent))
        .withColumn("first_source", first("source").over(byContent))
        .withColumn("first_key", first("source_key").over(byContent))
        .withColumn("status", when(col("e_id").isNull().and(col("rank").equalTo(1)), NEW)
            .when(col("e_id").isNull(), DUPLICATE_IN_INPUT)
            .when(col("e_source").equalTo(col("source")).and(col("e_source_key").equalTo(col("source_key"))), PRESENT)
            .otherwise(DUPLICATE_OF_EXISTING))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Counts counts = count(target, outcomes, classified);
      if (counts.inserted > 0) { // a re-run of committed work skips the MERGE altogether
        DeltaTables.insertNew(spark, lakehouse, target.table(), FaultRows.firing(
            classified.where(col("status").equalTo(NEW))
                .withColumn("ingest_run", lit(runId.value()))
                .withColumn("ingested_at", lit(at)), faults, "delta_write", "batch", batch, "table", 0));
      }
      afterNewRows.run();
      if (counts.rejected() > 0) {
        DeltaTables.insertNew(spark, lakehouse, PipelineTables.REJECTS, FaultRows.firing(
            rejects(target, outcomes, classified, runId, at), faults, "delta_write", "batch", batch, "table", 1));
      }
      return counts;
    } finally {
      classified.unpersist();
    }
  }

  /** Consecutive groups of {@code size} units, one commit each. */
  public static List<List<String>> batches(List<String> units, int size) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < units.size(); i += size) {
      out.add(units.subList(i, Math.min(units.size(), i + size)));
    }
    return out;
  }

  private static Dataset<Row> rejects(Target target, Dataset<Row> outcomes, Dataset<Row> classified, RunId runId,
      Timestamp at) {
    Dataset<Row> duplicates = classified.where(col("status").isin(DUPLICATE_IN_INPUT, DUPLICATE_OF_EXISTING))
        .select(col("source"), col("source_key"), lit(target.duplicate().name()).as("reason_code"),
            when(col("status").equalTo(DUPLICATE_IN_INPUT),
                concat(lit(target.sameAs() + " "), col("first_source"), lit(" key '"), col("first_key"),
                    lit("' of this input")))
                .otherwise(concat(lit(target.sameAs() + " "), col("e_source"), lit(" key '"),
                    col("e_source_key"), lit("', already in " + target.table().name()))).as("detail"));
    Dataset<Row> refused = outcomes.where(col("kind").equalTo(target.rejectedKind()))
        .select("source", "source_key", "reason_code", "detail");
    WindowSpec byKey = Window.partitionBy("source", "source_key").orderBy("reason_code", "detail");
    return refused.unionByName(duplicates)
        .withColumn("key_rank", row_number().over(byKey))
        .where(col("key_rank").equalTo(1)) // a key repeated in one input file must not collide in `rejects`
        .drop("key_rank")
        .withColumn("stage", lit(target.stage()))
        .withColumn("run_id", lit(runId.value()))
        .withColumn("at", lit(at));
  }

  /** Two small aggregations: records by kind and reason (the input), accepted records by status (their fate). */
  private static Counts count(Target target, Dataset<Row> outcomes, Dataset<Row> classified) {
    Counts counts = new Counts();
    for (Row r : JobDescription.within(outcomes.sparkSession(), "count outcomes",
        () -> outcomes.groupBy("kind", "reason_code").count().collectAsList())) {
      counts.input += r.getLong(2);
      if (target.rejectedKind().equals(r.getString(0))) {
        counts.rejected.merge(r.getString(1), r.getLong(2), Long::sum);
      }
    }
    for (Row r : JobDescription.within(classified.sparkSession(), "classify against " + target.table().name(),
        () -> classified.groupBy("status").count().collectAsList())) {
      switch (r.getString(0)) {
        case NEW -> counts.inserted += r.getLong(1);
        case PRESENT -> counts.present += r.getLong(1);
        default -> counts.rejected.merge(target.duplicate().name(), r.getLong(1), Long::sum);
      }
    }
    return counts;
  }
}
