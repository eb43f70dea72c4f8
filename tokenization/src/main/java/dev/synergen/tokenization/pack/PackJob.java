package dev.synergen.tokenization.pack;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultRows;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.Rejects;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.ingest.PairTask;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.tokenization.vq.VqConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code synergen pack}: {@code tokenized_pairs} (one image and one text tokenizer version) to
 * {@code sequences} in the unified layout. Each pair becomes one i2t or t2i sample (a draw from
 * (seed, pair_id)), samples longer than the context go to {@code rejects}, and sequences are
 * MERGEd on an id derived from the config, the tokenizer versions and their member pairs, so an
 * identical re-run adds nothing. In {@code pad} mode a pair's sequence never changes, so packing
 * is incremental; in {@code pack} mode new pairs regroup their buckets, which yields new
 * sequences beside the old ones: re-pack into a fresh lakehouse (or delete the old pack_run's
 * rows) when the input grew.
 *
 * <p>Samples are committed in batches of about {@link PackConfig#rowsPerCommit()} (hash buckets of
 * the pair, or in {@code pack} mode of whole packing groups): a crash loses at most the batch in
 * flight, and a re-run skips the MERGE of every batch whose sequences are all present. Fault points
 * ({@code pack.faults}, coordinate {@code batch}): {@code rejects_written}, {@code batch_committed},
 * {@code delta_write} inside each MERGE ({@code table} 0 sequences, 1 rejects).
 */
public final class PackJob {
  public static final String STAGE = "pack";
  /** Quality of pairs that carry no quality score yet; S2's quality filter keeps rows above its threshold. */
  public static final double DEFAULT_QUALITY = 1.0;

  private PackJob() {}

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
    VocabularyLayout layout = new VocabularyLayout(text.vocabularySize(), vq.codebookSize());
    var lakehouse = config.lakehouse();
    long tokenizedVersion = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS);
    Dataset<Row> pairs = DeltaTables.readAt(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS, tokenizedVersion)
        .where(col("image_tokenizer").equalTo(imageVersion).and(col("text_tokenizer").equalTo(text.version())))
        .select("pair_id", "image_codes", "text_ids", "split");
    Map<String, Long> read = new LinkedHashMap<>();
    read.put(PipelineTables.TOKENIZED_PAIRS.name(), tokenizedVersion);
    if (DeltaTables.exists(spark, lakehouse, PipelineTables.RAW_PAIRS)) {
      // a question sample (VQA) is always understanding: as a generation prompt, "Is there a red circle in the
      // image? no" would teach drawing from a sentence that does not describe the image
      long rawVersion = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.RAW_PAIRS);
      read.put(PipelineTables.RAW_PAIRS.name(), rawVersion);
      Dataset<Row> questions = DeltaTables.readAt(spark, lakehouse, PipelineTables.RAW_PAIRS, rawVersion)
          .where(PairTask.isVqa(col("meta"))).select(col("pair_id"), lit(true).as("question"));
      pairs = pairs.join(questions, pairs.col("pair_id").equalTo(questions.col("pair_id")), "left")
          .select(pairs.col("pair_id"), col("image_codes"), col("text_ids"), col("split"),
              coalesce(col("question"), lit(false)).as("question"));
    } else {
      pairs = pairs.withColumn("question", lit(false));
    }

    Dataset<Row> samples = pairs
        .mapPartitions(new PackFunctions.ToSamples(text.vocabularySize(), vq.codebookSize(), PackFunctions.Settings.of(config)),
            Encoders.row(PackFunctions.SAMPLES))
        .persist(StorageLevel.MEMORY_AND_DISK());
    DeltaTables.ensure(spark, lakehouse, PipelineTables.SEQUENCES);
    try {
      long input = JobDescription.within(spark, "lay out samples", samples::count);
      int batches = (int) Math.max(1, (input + config.rowsPerCommit() - 1) / config.rowsPerCommit());
      // a batch holds whole packing groups, so no sequence is split between two commits
      Column batchKey = config.mode().equals("pack") ? xxhash64(col("split"), col("task"), col("bucket"))
          : xxhash64(col("pair_id"));
      String salt = config.fingerprint() + "|" + imageVersion + "|" + text.version();
      Done done = new Done();
      for (int b = 0; b < batches; b++) {
        spark.sparkContext().setJobDescription(String.format("pack batch %d/%d", b + 1, batches));
        Dataset<Row> batch = batches == 1 ? samples : samples.where(pmod(batchKey, lit(batches)).equalTo(b));
        commitBatch(spark, config, batch, b, layout, salt, imageVersion, text.version(), runId, done);
      }
      spark.sparkContext().setJobDescription(null);
      long rejectedCount = done.rejected.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("layout", layout.toString());
      extra.put("mode", config.mode());
      extra.put("context_length", config.contextLength());
      extra.put("sequences_total", done.sequences);
      extra.put("commits", batches);
      return new JobSummary(STAGE, runId.value(), started, Instant.now(), input,
          input - done.alreadyPresent - rejectedCount, done.alreadyPresent, done.rejected,
          read,
          Map.of(PipelineTables.SEQUENCES.name(), DeltaTables.currentVersion(spark, lakehouse, PipelineTables.SEQUENCES)),
          extra);
    } finally {
      samples.unpersist();
    }
  }

  /** What the batches did, summed. */
  private static final class Done {
    long alreadyPresent;
    long sequences;
    final Map<String, Long> rejected = new TreeMap<>();
  }

  /** One batch: its too-long samples to rejects, its sequences to {@code sequences}, each write skipped when moot. */
  private static void commitBatch(SparkSession spark, PackConfig config, Dataset<Row> batch, int b,
      VocabularyLayout layout, String salt, String imageVersion, String textVersion, RunId runId, Done done) {
    var lakehouse = config.lakehouse();
    Dataset<Row> tooLong = batch.where(col("error").isNotNull());
    Map<String, Long> rejected = Rejects.countByReason(tooLong.select(
        substring_index(col("error"), ":", 1).as("reason_code")));
    if (!rejected.isEmpty()) {
      Rejects.write(spark, lakehouse, FaultRows.firing(tooLong.select(lit(STAGE).as("stage"),
          lit(PipelineTables.TOKENIZED_PAIRS.name()).as("source"), col("pair_id").as("source_key"),
          substring_index(col("error"), ":", 1).as("reason_code"), col("error").as("detail"),
          lit(runId.value()).as("run_id"), current_timestamp().as("at")), config.faults(), "delta_write", "batch", b,
          "table", 1));
    }
    config.faults().at("rejects_written", "batch", b);
    rejected.forEach((k, v) -> done.rejected.merge(k, v, Long::sum));
    Dataset<Row> sequences = batch.where(col("error").isNull())
        .repartition(col("split"), col("task"), col("bucket"))
        .sortWithinPartitions("split", "task", "bucket", "order")
        .mapPartitions(new PackFunctions.ToSequences(layout.pad(), PackFunctions.Settings.of(config), salt),
            Encoders.row(PackFunctions.SEQUENCES))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long made = JobDescription.within(spark, "pack sequences", sequences::count);
      done.sequences += made;
      long presentSequences = 0;
      if (made > 0) {
        Dataset<Row> existing = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).select("seq_id");
        Row present = sequences.join(existing, "seq_id").agg(sum("samples"), count("seq_id")).head();
        done.alreadyPresent += present.isNullAt(0) ? 0 : present.getLong(0);
        presentSequences = present.getLong(1);
      }
      if (presentSequences < made) { // a committed batch is skipped, not merged again
        DeltaTables.insertNew(spark, lakehouse, PipelineTables.SEQUENCES, FaultRows.firing(sequences
            .withColumn("quality", lit(DEFAULT_QUALITY))
            .withColumn("image_tokenizer", lit(imageVersion))
            .withColumn("text_tokenizer", lit(textVersion))
            .withColumn("pack_run", lit(runId.value())), config.faults(), "delta_write", "batch", b, "table", 0));
      }
      config.faults().at("batch_committed", "batch", b);
    } finally {
      sequences.unpersist();
    }
  }
}
