package dev.synergen.tokenization.pack;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultRows;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.vq.VqConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code synergen pack-text}: {@code text_docs} to text-only {@code sequences} (task {@code text})
 * for the {@code text} training stage and held-out text perplexity. Each document is encoded with
 * the tokenizer directory's text tokenizer and cut into windows of the pack context ({@code BOS}
 * window [{@code EOS}], padded), never truncated. Rows record both tokenizer versions, as image-text
 * sequences do, so training refuses text packed for another tokenizer. Sequences are MERGEd on an
 * id of (context, tokenizers, document, window): a re-run adds only new documents' windows. Fault
 * point ({@code pack.faults}): {@code delta_write} inside the MERGE.
 */
public final class TextPackJob {
  public static final String STAGE = "pack-text";

  private TextPackJob() {}

  public static JobSummary run(SparkSession spark, PackConfig config) {
    try (JobDescription job = JobDescription.of(spark, STAGE)) {
      return execute(spark, config);
    }
  }

  private static JobSummary execute(SparkSession spark, PackConfig config) {
    Instant started = Instant.now();
    RunId runId = RunId.create(STAGE);
    PackTokenizers tokenizers = PackTokenizers.load(spark, config);
    String imageVersion = tokenizers.imageVersion();
    VqConfig vq = tokenizers.vq();
    TextCodec text = tokenizers.text();
    String payload = tokenizers.textPayload();
    var lakehouse = config.lakehouse();
    if (!DeltaTables.exists(spark, lakehouse, PipelineTables.TEXT_DOCS)) {
      throw new IllegalStateException("the lakehouse " + lakehouse.root() + " has no text_docs table: run "
          + "synergen ingest-text first");
    }
    long docsVersion = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TEXT_DOCS);
    Dataset<Row> docs = DeltaTables.readAt(spark, lakehouse, PipelineTables.TEXT_DOCS, docsVersion)
        .select("doc_id", "text", "split");
    String salt = config.contextLength() + "|" + imageVersion + "|" + text.version();
    Dataset<Row> windows = docs
        .mapPartitions(new TextWindows(payload, text.vocabularySize(), vq.codebookSize(), config.contextLength(),
            salt), Encoders.row(TextWindows.SCHEMA))
        .persist(StorageLevel.MEMORY_AND_DISK());
    DeltaTables.ensure(spark, lakehouse, PipelineTables.SEQUENCES);
    try {
      long input = JobDescription.within(spark, "count documents", docs::count);
      long made = JobDescription.within(spark, "cut documents into windows", windows::count);
      Dataset<Row> existing = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).select("seq_id");
      Row found = windows.join(existing, "seq_id").agg(count(lit(1)), countDistinct(col("doc_id"))).head();
      long present = found.getLong(0);
      // one MERGE commits all windows of a run, so a document is present with all its windows or with none
      long docsPresent = found.getLong(1);
      if (present < made) {
        DeltaTables.insertNew(spark, lakehouse, PipelineTables.SEQUENCES, FaultRows.firing(windows.drop("doc_id")
            .withColumn("quality", lit(PackJob.DEFAULT_QUALITY))
            .withColumn("image_tokenizer", lit(imageVersion))
            .withColumn("text_tokenizer", lit(text.version()))
            .withColumn("pack_run", lit(runId.value())), config.faults(), "delta_write", "table", 0));
      }
      Row tokens = windows.agg(org.apache.spark.sql.functions.sum("num_tokens"), count(lit(1))).head();
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("text_tokenizer", text.version());
      extra.put("context_length", config.contextLength());
      extra.put("windows_total", made);
      extra.put("windows_new", made - present);
      extra.put("tokens_total", tokens.isNullAt(0) ? 0L : tokens.getLong(0));
      return new JobSummary(STAGE, runId.value(), started, Instant.now(), input, input - docsPresent, docsPresent,
          Map.of(), Map.of(PipelineTables.TEXT_DOCS.name(), docsVersion),
          Map.of(PipelineTables.SEQUENCES.name(), DeltaTables.currentVersion(spark, lakehouse,
              PipelineTables.SEQUENCES)), extra);
    } finally {
      windows.unpersist();
    }
  }
}
