package dev.synergen.tokenization.ingest;


import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
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

  private static final KeyedCommit.Target TARGET = new KeyedCommit.Target(STAGE, PipelineTables.RAW_PAIRS, "pair_id",
      OutcomeRows.PAIR, OutcomeRows.REJECT, RejectReason.DUPLICATE_PAIR, "same image and caption as");

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
    KeyedCommit.Counts total = new KeyedCommit.Counts();
    List<List<String>> batches = KeyedCommit.batches(plan.units(), config.unitsPerCommit());
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
        int batch = b;
        total.add(KeyedCommit.commit(spark, lakehouse, TARGET, all, runId, Timestamp.from(started), config.faults(), b,
            () -> {
              observer.pairsCommitted(batch, batches.size());
              config.faults().at("pairs_committed", "batch", batch);
            }));
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
    return new JobSummary(STAGE, runId.value(), started, Instant.now(), total.input(), total.inserted(),
        total.present(), total.rejectedByReason(), Map.of(PipelineTables.RAW_PAIRS.name(), rawVersionRead), written, extra);
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
}
