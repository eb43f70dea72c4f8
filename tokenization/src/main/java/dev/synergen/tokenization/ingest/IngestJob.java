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
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.FaultRows;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.ProgressListener;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.HadoopConf;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.reject.RejectReason;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code synergen ingest}: reads a corpus, validates every sample in the executors and writes
 * accepted pairs to {@code raw_pairs} and refusals to {@code rejects}.
 *
 * <p>Work is planned on the driver from names only (one Spark task per tar shard or parquet file,
 * or per slice of a folder or COCO index) and committed in batches of
 * {@link IngestConfig#unitsPerCommit()} tasks. Both writes are MERGEs on the table key, so a re-run
 * adds nothing and a run after a crash completes the work without duplicates. A pair whose
 * {@code pair_id} is already in {@code raw_pairs} under the same source and key counts as "already
 * present"; the same content under another source or key is a {@code DUPLICATE_PAIR} reject, as
 * is every repeat of one content within the input but the first (by source, then key). Hence
 * new + already present + rejected = input, whatever the batching.
 *
 * <p>Fault points ({@code ingest.faults}): {@code decode} in the executors' decoders,
 * {@code delta_write} inside each MERGE ({@code table} 0 raw_pairs, 1 rejects), {@code
 * pairs_committed} between a batch's two commits and {@code batch_committed} after them.
 */
public final class IngestJob {
  public static final String STAGE = "ingest";

  /** Hooks between commits; tests use them to simulate a crash, jobs may use them to report. */
  public interface Observer {
    Observer NONE = new Observer() {};

    /** Batch {@code batch} (0-based) of {@code batches} has committed its new pairs, not yet its rejects. */
    default void pairsCommitted(int batch, int batches) {}

    /** Batch {@code batch} of {@code batches} is fully committed. */
    default void batchCommitted(int batch, int batches) {}
  }

  private static final String NEW = "new";
  private static final String PRESENT = "present";
  private static final String DUPLICATE_IN_INPUT = "duplicate_in_input";
  private static final String DUPLICATE_OF_EXISTING = "duplicate_of_existing";

  private IngestJob() {}

  public static JobSummary run(SparkSession spark, Lakehouse lakehouse, IngestConfig config, RunId runId) {
    return run(spark, lakehouse, config, runId, Observer.NONE);
  }

    public static JobSummary run(SparkSession spark, Lakehouse lakehouse, IngestConfig config, RunId runId,
      Observer observer) {
    try (JobDescription job = JobDescription.of(spark, STAGE)) {
      return execute(spark, lakehouse, config, runId, observer);
    }
  }

  private static JobSummary execute(SparkSession spark, Lakehouse lakehouse, IngestConfig config, RunId runId,
      Observer observer) {
    Instant started = Instant.now();
    IngestPlan plan = IngestUnits.plan(config, spark.sparkContext().hadoopConfiguration());
    DeltaTables.ensure(spark, lakehouse, PipelineTables.RAW_PAIRS);
    DeltaTables.ensure(spark, lakehouse, PipelineTables.REJECTS);
    long rawVersionRead = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.RAW_PAIRS);
    LongAccumulator rows = spark.sparkContext().longAccumulator(ProgressListener.ROWS_ACCUMULATOR);
    HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    Counts total = new Counts();
    List<List<String>> batches = batches(plan.units(), config.unitsPerCommit());
    for (int b = 0; b < batches.size(); b++) {
      List<String> units = batches.get(b);
      spark.sparkContext().setJobDescription(String.format("ingest batch %d/%d: %d %s task%s", b + 1, batches.size(),
          units.size(), plan.format().word(), units.size() == 1 ? "" : "s"));
      Dataset<Row> outcomes;
      Map<String, Long> declaredRows = null;
      if (plan.format() == IngestFormat.PARQUET) {
        ParquetSource.Read read = ParquetSource.outcomes(spark, units, config.parquet(), config.validation(),
            config.limits(), rows);
        outcomes = read.outcomes();
        declaredRows = read.declaredRows();
      } else {
        outcomes = shardOutcomes(spark, units, config, hadoop, rows);
      }
      Dataset<Row> persisted = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Dataset<Row> all = declaredRows == null ? persisted : withShortReads(persisted, declaredRows);
        total.add(commit(spark, lakehouse, all, runId, started, observer, config.faults(), b, batches.size()));
      } finally {
        persisted.unpersist();
      }
      observer.batchCommitted(b, batches.size());
      config.faults().at("batch_committed", "batch", b);
    }
    spark.sparkContext().setJobDescription(null);
    Map<String, Long> written = new TreeMap<>();
    written.put(PipelineTables.RAW_PAIRS.name(), DeltaTables.currentVersion(spark, lakehouse, PipelineTables.RAW_PAIRS));
    written.put(PipelineTables.REJECTS.name(), DeltaTables.currentVersion(spark, lakehouse, PipelineTables.REJECTS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("format", plan.format().word());
    extra.put("inputs", String.join(",", config.inputs()));
    extra.put("tasks", plan.units().size());
    extra.put("commits", batches.size());
    return new JobSummary(STAGE, runId.value(), started, Instant.now(), total.input, total.inserted, total.present,
        total.rejected, Map.of(PipelineTables.RAW_PAIRS.name(), rawVersionRead), written, extra);
  }

  /** One partition per unit: one task per shard or slice. */
  private static Dataset<Row> shardOutcomes(SparkSession spark, List<String> units, IngestConfig config,
      HadoopConf hadoop, LongAccumulator rows) {
    JavaRDD<String> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(units, units.size());
    return spark.createDataFrame(rdd.mapPartitions(new ValidateUnits(config.validation(), config.limits(), hadoop, rows)),
        OutcomeRows.SCHEMA);
  }

  /** Parquet outcomes plus one refusal per file that yielded fewer rows than its footer declares. */
  private static Dataset<Row> withShortReads(Dataset<Row> outcomes, Map<String, Long> declaredRows) {
    Map<String, Long> bySource = new TreeMap<>();
    for (Row r : JobDescription.within(outcomes.sparkSession(), "count parquet rows per file",
        () -> outcomes.groupBy("source").count().collectAsList())) {
      bySource.put(r.getString(0), r.getLong(1));
    }
    List<Row> shortReads = ParquetSource.shortReads(declaredRows, bySource);
    return shortReads.isEmpty() ? outcomes
        : outcomes.unionByName(outcomes.sparkSession().createDataFrame(shortReads, OutcomeRows.SCHEMA));
  }

  private static Counts commit(SparkSession spark, Lakehouse lakehouse, Dataset<Row> outcomes, RunId runId,
      Instant started, Observer observer, FaultPlan faults, int batch, int batches) {
    Timestamp at = Timestamp.from(started);
    // Pinned to one version: the classification must not change when this batch's MERGE lands.
    long version = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.RAW_PAIRS);
    Dataset<Row> existing = DeltaTables.readAt(spark, lakehouse, PipelineTables.RAW_PAIRS, version)
        .select(col("pair_id").as("e_pair_id"), col("source").as("e_source"), col("source_key").as("e_source_key"));
    WindowSpec byContent = Window.partitionBy("pair_id").orderBy("source", "source_key");
    Dataset<Row> pairs = outcomes.where(col("kind").equalTo(OutcomeRows.PAIR));
    Dataset<Row> classified = pairs.join(existing, pairs.col("pair_id").equalTo(existing.col("e_pair_id")), "left")
        .withColumn("rank", row_number().over(byContent))
        .withColumn("first_source", first("source").over(byContent))
        .withColumn("first_key", first("source_key").over(byContent))
        .withColumn("status", when(col("e_pair_id").isNull().and(col("rank").equalTo(1)), NEW)
            .when(col("e_pair_id").isNull(), DUPLICATE_IN_INPUT)
            .when(col("e_source").equalTo(col("source")).and(col("e_source_key").equalTo(col("source_key"))), PRESENT)
            .otherwise(DUPLICATE_OF_EXISTING))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Counts counts = count(outcomes, classified);
      if (counts.inserted > 0) { // a re-run of committed work skips the MERGE altogether
        DeltaTables.insertNew(spark, lakehouse, PipelineTables.RAW_PAIRS, FaultRows.firing(
            classified.where(col("status").equalTo(NEW))
                .withColumn("ingest_run", lit(runId.value()))
                .withColumn("ingested_at", lit(at)), faults, "delta_write", "batch", batch, "table", 0));
      }
      observer.pairsCommitted(batch, batches);
      faults.at("pairs_committed", "batch", batch);
      if (counts.rejected() > 0) {
        DeltaTables.insertNew(spark, lakehouse, PipelineTables.REJECTS, FaultRows.firing(
            rejects(outcomes, classified, runId, at), faults, "delta_write", "batch", batch, "table", 1));
      }
      return counts;
    } finally {
      classified.unpersist();
    }
  }

  private static Dataset<Row> rejects(Dataset<Row> outcomes, Dataset<Row> classified, RunId runId, Timestamp at) {
    Dataset<Row> duplicates = classified.where(col("status").isin(DUPLICATE_IN_INPUT, DUPLICATE_OF_EXISTING))
        .select(col("source"), col("source_key"), lit(RejectReason.DUPLICATE_PAIR.name()).as("reason_code"),
            when(col("status").equalTo(DUPLICATE_IN_INPUT),
                concat(lit("same image and caption as "), col("first_source"), lit(" key '"), col("first_key"),
                    lit("' of this input")))
                .otherwise(concat(lit("same image and caption as "), col("e_source"), lit(" key '"),
                    col("e_source_key"), lit("', already in raw_pairs"))).as("detail"));
    Dataset<Row> refused = outcomes.where(col("kind").equalTo(OutcomeRows.REJECT))
        .select("source", "source_key", "reason_code", "detail");
    WindowSpec byKey = Window.partitionBy("source", "source_key").orderBy("reason_code", "detail");
    return refused.unionByName(duplicates)
        .withColumn("key_rank", row_number().over(byKey))
        .where(col("key_rank").equalTo(1)) // a parquet key repeated in one file must not collide in `rejects`
        .withColumn("stage", lit(STAGE))
        .withColumn("run_id", lit(runId.value()))
        .withColumn("at", lit(at));
  }

  /** Two small aggregations: records by kind and reason (the input), pairs by status (their fate). */
  private static Counts count(Dataset<Row> outcomes, Dataset<Row> classified) {
    Counts counts = new Counts();
    for (Row r : JobDescription.within(outcomes.sparkSession(), "count outcomes",
        () -> outcomes.groupBy("kind", "reason_code").count().collectAsList())) {
      counts.input += r.getLong(2);
      if (OutcomeRows.REJECT.equals(r.getString(0))) {
        counts.rejected.merge(r.getString(1), r.getLong(2), Long::sum);
      }
    }
    for (Row r : JobDescription.within(classified.sparkSession(), "classify against raw_pairs",
        () -> classified.groupBy("status").count().collectAsList())) {
      switch (r.getString(0)) {
        case NEW -> counts.inserted += r.getLong(1);
        case PRESENT -> counts.present += r.getLong(1);
        default -> counts.rejected.merge(RejectReason.DUPLICATE_PAIR.name(), r.getLong(1), Long::sum);
      }
    }
    return counts;
  }

  private static List<List<String>> batches(List<String> units, int size) {
    List<List<String>> out = new java.util.ArrayList<>();
    for (int i = 0; i < units.size(); i += size) {
      out.add(units.subList(i, Math.min(units.size(), i + size)));
    }
    return out;
  }

  private static final class Counts {
    long input;
    long inserted;
    long present;
    final Map<String, Long> rejected = new TreeMap<>();

    void add(Counts other) {
      input += other.input;
      inserted += other.inserted;
      present += other.present;
      other.rejected.forEach((k, v) -> rejected.merge(k, v, Long::sum));
    }

    long rejected() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
