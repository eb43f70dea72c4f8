package dev.synergen.tokenization.textcorpus;


import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.ProgressListener;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.ingest.KeyedCommit;
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

  private static final KeyedCommit.Target TARGET = new KeyedCommit.Target(STAGE, PipelineTables.TEXT_DOCS, "doc_id",
      TextOutcomeRows.DOC, TextOutcomeRows.REJECT, RejectReason.DUPLICATE_TEXT, "same text as");

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
    KeyedCommit.Counts total = new KeyedCommit.Counts();
    List<List<String>> batches = KeyedCommit.batches(plan.units(), config.tasksPerCommit());
    for (int b = 0; b < batches.size(); b++) {
      List<String> units = batches.get(b);
      spark.sparkContext().setJobDescription(String.format("ingest-text batch %d/%d: %d task%s", b + 1,
          batches.size(), units.size(), units.size() == 1 ? "" : "s"));
      // one partition per unit: one task per group of files
      JavaRDD<String> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(units, units.size());
      Dataset<Row> outcomes = spark.createDataFrame(rdd.mapPartitions(new ReadTextFiles(config.format(),
          config.limits(), config.split(), rows)), TextOutcomeRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        int batch = b;
        total.add(KeyedCommit.commit(spark, lakehouse, TARGET, outcomes, runId, Timestamp.from(started),
            FaultPlan.none(), b, () -> observer.docsCommitted(batch, batches.size())));
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
    extra.put("empty_files", total.rejectedByReason().getOrDefault(RejectReason.EMPTY_FILE.name(), 0L));
    extra.put("tasks", plan.units().size());
    extra.put("commits", batches.size());
    return new JobSummary(STAGE, runId.value(), started, Instant.now(), total.input(), total.inserted(),
        total.present(), total.rejectedByReason(), Map.of(PipelineTables.TEXT_DOCS.name(), versionRead), written, extra);
  }
}
