package dev.synergen.tokenization.textcorpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.ProgressListener;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.reject.RejectReason;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
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
 * {@code synergen ingest-text}: reads plain-text files, validates every document in the executors
 * and writes accepted documents to {@code text_docs} and refusals to {@code rejects}, by the rules
 * of {@code synergen ingest}: files are listed on the driver and read by the executors, work is
 * committed in batches of {@link TextIngestConfig#tasksPerCommit()} tasks, and both writes are
 * MERGEs on the table key. A document whose {@code doc_id} is already in {@code text_docs} under
 * the same source and key is "already present"; the same text under another source or key is a
 * {@code DUPLICATE_TEXT} reject, as is every repeat of one text within the input but the first (by
 * source, then key). Hence new + already present + rejected = input, and a re-run after a crash
 * completes the work without duplicates.
 */
public final class TextIngestJob {
  public static final String STAGE = "ingest-text";

  /** Hooks between commits; tests use them to simulate a crash. */
  public interface Observer {
    Observer NONE = new Observer() {};

    /** Batch {@code batch} (0-based) of {@code batches} has committed its new documents, not yet its rejects. */
    default void docsCommitted(int batch, int batches) {}
  }

  private static final String NEW = "new";
  private static final String PRESENT = "present";
  private static final String DUPLICATE_IN_INPUT = "duplicate_in_input";
  private static final String DUPLICATE_OF_EXISTING = "duplicate_of_existing";

  private TextIngestJob() {}

  public static JobSummary run(SparkSession spark, Lakehouse lakehouse, TextIngestConfig config, RunId runId) {
    return run(spark, lakehouse, config, runId, Observer.NONE);
  }

  public static JobSummary run(SparkSession spark, Lakehouse lakehouse, TextIngestConfig config, RunId runId,
      Observer observer) {
    try (JobDescription job = JobDescription.of(spark, STAGE)) {
      return execute(spark, lakehouse, config, runId, observer);
    }
  }

  private static JobSummary execute(SparkSession spark, Lakehouse lakehouse, TextIngestConfig config, RunId runId,
      Observer observer) {
    Instant started = Instant.now();
    TextIngestPlan plan = TextFiles.plan(config);
    DeltaTables.ensure(spark, lakehouse, PipelineTables.TEXT_DOCS);
    DeltaTables.ensure(spark, lakehouse, PipelineTables.REJECTS);
    long versionRead = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TEXT_DOCS);
    LongAccumulator rows = spark.sparkContext().longAccumulator(ProgressListener.ROWS_ACCUMULATOR);
    Counts total = new Counts();
    List<List<String>> batches = batches(plan.units(), config.tasksPerCommit());
    for (int b = 0; b < batches.size(); b++) {
      List<String> units = batches.get(b);
      spark.sparkContext().setJobDescription(String.format("ingest-text batch %d/%d: %d task%s", b + 1,
          batches.size(), units.size(), units.size() == 1 ? "" : "s"));
      // one partition per unit: one task per group of files
      JavaRDD<String> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(units, units.size());
      Dataset<Row> outcomes = spark.createDataFrame(rdd.mapPartitions(new ReadTextFiles(config.format(),
          config.limits(), config.split(), rows)), TextOutcomeRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        total.add(commit(spark, lakehouse, outcomes, runId, started, observer, b, batches.size()));
      } finally {
        outcomes.unpersist();
      }
    }
    spark.sparkContext().setJobDescription(null);
    Map<String, Long> written = new TreeMap<>();
    written.put(PipelineTables.TEXT_DOCS.name(), DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TEXT_DOCS));
    written.put(PipelineTables.REJECTS.name(), DeltaTables.currentVersion(spark, lakehouse, PipelineTables.REJECTS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("format", plan.format().word());
    extra.put("inputs", String.join(",", config.inputs()));
    extra.put("files", plan.files());
    extra.put("refused_files", plan.refusedFiles());
    extra.put("empty_files", total.rejected.getOrDefault(RejectReason.EMPTY_FILE.name(), 0L));
    extra.put("tasks", plan.units().size());
    extra.put("commits", batches.size());
    return new JobSummary(STAGE, runId.value(), started, Instant.now(), total.input, total.inserted, total.present,
        total.rejected, Map.of(PipelineTables.TEXT_DOCS.name(), versionRead), written, extra);
  }

  private static Counts commit(SparkSession spark, Lakehouse lakehouse, Dataset<Row> outcomes, RunId runId,
      Instant started, Observer observer, int batch, int batches) {
    Timestamp at = Timestamp.from(started);
    // Pinned to one version: the classification must not change when this batch's MERGE lands.
    long version = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TEXT_DOCS);
    Dataset<Row> existing = DeltaTables.readAt(spark, lakehouse, PipelineTables.TEXT_DOCS, version)
        .select(col("doc_id").as("e_doc_id"), col("source").as("e_source"), col("source_key").as("e_source_key"));
    WindowSpec byContent = Window.partitionBy("doc_id").orderBy("source", "source_key");
    Dataset<Row> docs = outcomes.where(col("kind").equalTo(TextOutcomeRows.DOC));
    Dataset<Row> classified = docs.join(existing, docs.col("doc_id").equalTo(existing.col("e_doc_id")), "left")
        .withColumn("rank", row_number().over(byContent))
        .withColumn("first_source", first("source").over(byContent))
        .withColumn("first_key", first("source_key").over(byContent))
        .withColumn("status", when(col("e_doc_id").isNull().and(col("rank").equalTo(1)), NEW)
            .when(col("e_doc_id").isNull(), DUPLICATE_IN_INPUT)
            .when(col("e_source").equalTo(col("source")).and(col("e_source_key").equalTo(col("source_key"))), PRESENT)
            .otherwise(DUPLICATE_OF_EXISTING))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Counts counts = count(outcomes, classified);
      if (counts.inserted > 0) { // a re-run of committed work skips the MERGE altogether
        DeltaTables.insertNew(spark, lakehouse, PipelineTables.TEXT_DOCS, classified.where(col("status").equalTo(NEW))
            .withColumn("ingest_run", lit(runId.value()))
            .withColumn("ingested_at", lit(at)));
      }
      observer.docsCommitted(batch, batches);
      if (counts.rejected() > 0) {
        DeltaTables.insertNew(spark, lakehouse, PipelineTables.REJECTS, rejects(outcomes, classified, runId, at));
      }
      return counts;
    } finally {
      classified.unpersist();
    }
  }

  private static Dataset<Row> rejects(Dataset<Row> outcomes, Dataset<Row> classified, RunId runId, Timestamp at) {
    Dataset<Row> duplicates = classified.where(col("status").isin(DUPLICATE_IN_INPUT, DUPLICATE_OF_EXISTING))
        .select(col("source"), col("source_key"), lit(RejectReason.DUPLICATE_TEXT.name()).as("reason_code"),
            when(col("status").equalTo(DUPLICATE_IN_INPUT),
                concat(lit("same text as "), col("first_source"), lit(" key '"), col("first_key"),
                    lit("' of this input")))
                .otherwise(concat(lit("same text as "), col("e_source"), lit(" key '"), col("e_source_key"),
                    lit("', already in text_docs"))).as("detail"));
    Dataset<Row> refused = outcomes.where(col("kind").equalTo(TextOutcomeRows.REJECT))
        .select("source", "source_key", "reason_code", "detail");
    return refused.unionByName(duplicates)
        .withColumn("stage", lit(STAGE))
        .withColumn("run_id", lit(runId.value()))
        .withColumn("at", lit(at));
  }

  /** Two small aggregations: records by kind and reason (the input), documents by status (their fate). */
  private static Counts count(Dataset<Row> outcomes, Dataset<Row> classified) {
    Counts counts = new Counts();
    for (Row r : JobDescription.within(outcomes.sparkSession(), "count outcomes",
        () -> outcomes.groupBy("kind", "reason_code").count().collectAsList())) {
      counts.input += r.getLong(2);
      if (TextOutcomeRows.REJECT.equals(r.getString(0))) {
        counts.rejected.merge(r.getString(1), r.getLong(2), Long::sum);
      }
    }
    for (Row r : JobDescription.within(classified.sparkSession(), "classify against text_docs",
        () -> classified.groupBy("status").count().collectAsList())) {
      switch (r.getString(0)) {
        case NEW -> counts.inserted += r.getLong(1);
        case PRESENT -> counts.present += r.getLong(1);
        default -> counts.rejected.merge(RejectReason.DUPLICATE_TEXT.name(), r.getLong(1), Long::sum);
      }
    }
    return counts;
  }

  private static List<List<String>> batches(List<String> units, int size) {
    List<List<String>> out = new ArrayList<>();
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
