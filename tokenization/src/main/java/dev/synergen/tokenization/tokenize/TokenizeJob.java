package dev.synergen.tokenization.tokenize;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.xxhash64;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.FaultRows;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.Rejects;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.artifact.ArtifactLocation;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.tokenization.ml.ImageTokenizer;
import dev.synergen.tokenization.ml.TextTokenizer;
import dev.synergen.tokenization.text.TextCodecs;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code synergen tokenize}: {@code raw_pairs} to {@code tokenized_pairs} for one image and one
 * text tokenizer version. Incremental (pairs already tokenized by these versions are skipped) and
 * idempotent (rows are MERGEd on their key; rejects are keyed too), so a re-run after a crash
 * finishes the work and a re-run after success adds nothing. Images the tokenizer cannot read go
 * to {@code rejects} with stage {@value #STAGE} and the decoder's {@code RejectReason}.
 *
 * <p>The pairs to encode are split by a hash of {@code pair_id} into batches of about
 * {@link Config#rowsPerCommit()} rows, each encoded and committed on its own (its rejects, then its
 * rows), so a crash loses at most the batch in flight and a re-run starts from what is committed.
 * Within a batch the pairs are hash-partitioned into {@link EncodePartitions} tasks (by rows and
 * task slots, not bytes), encoded, counted and cached in one pass, then written. The summary
 * reports those passes as {@code encode_seconds}; the rest of the run is mostly Delta's own work
 * (snapshots, planning, a MERGE per batch), seconds that hardly grow with the number of new pairs.
 *
 * <p>Fault points ({@code tokenize.faults}, coordinate {@code batch}): {@code rejects_written},
 * {@code batch_committed}, and {@code delta_write} inside each MERGE ({@code table} 0
 * tokenized_pairs, 1 rejects).
 */
public final class TokenizeJob {
  public static final String STAGE = "tokenize";
  /** Rows per commit unless configured: a crash loses at most this many pairs' encoding. */
  public static final int DEFAULT_ROWS_PER_COMMIT = 50_000;

  private TokenizeJob() {}

  /**
   * @param imageTokenizer directory of a saved VQ tokenizer
   * @param textTokenizer a saved vocabulary remap or an LLM tokenizer directory
   * @param batchSize images per forward pass
   * @param device auto, cpu, gpu or gpu:N (see {@link TaskDevice})
   * @param rowsPerCommit pairs encoded per Delta commit (about: batches are hash buckets of pair_id)
   * @param faults deliberate failures for crash drills
   */
  public record Config(Lakehouse lakehouse, String imageTokenizer, String textTokenizer, int batchSize, String device,
      int rowsPerCommit, FaultPlan faults) {
    public Config(Lakehouse lakehouse, String imageTokenizer, String textTokenizer, int batchSize, String device) {
      this(lakehouse, imageTokenizer, textTokenizer, batchSize, device, DEFAULT_ROWS_PER_COMMIT, FaultPlan.none());
    }

    public Config {
      faults = faults == null ? FaultPlan.none() : faults;
      if (batchSize < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "tokenize batch size must be >= 1, got "
            + batchSize);
      }
      if (rowsPerCommit < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "tokenize rows per commit must be >= 1,"
            + " got " + rowsPerCommit);
      }
      TaskDevice.requireValidChoice(device, "tokenize.device");
    }
  }

  public static JobSummary run(SparkSession spark, Config config) {
    try (JobDescription job = JobDescription.of(spark, STAGE)) {
      return execute(spark, config);
    }
  }

  private static JobSummary execute(SparkSession spark, Config config) {
    Instant started = Instant.now();
    RunId runId = RunId.create(STAGE);
    Lakehouse lakehouse = config.lakehouse();
    String imageVersion;
    VqConfig vq;
    String textVersion;
    try (VqTokenizer tokenizer = VqTokenizer.load(ArtifactLocation.local(spark, config.imageTokenizer()))) {
      imageVersion = tokenizer.version();
      vq = tokenizer.config();
      textVersion = TextCodecs.open(ArtifactLocation.local(spark, config.textTokenizer())).version();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizers", e);
    }
    long rawVersion = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.RAW_PAIRS);
    Dataset<Row> raw = DeltaTables.readAt(spark, lakehouse, PipelineTables.RAW_PAIRS, rawVersion);
    DeltaTables.ensure(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS);
    // pinned, so every batch sees the same "already done" and the batches partition the same todo
    long doneVersion = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS);
    Dataset<Row> done = DeltaTables.readAt(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS, doneVersion)
        .where(col("image_tokenizer").equalTo(imageVersion).and(col("text_tokenizer").equalTo(textVersion)))
        .select("pair_id");
    Dataset<Row> todo = raw.join(done, raw.col("pair_id").equalTo(done.col("pair_id")), "left_anti")
        .select("pair_id", "source", "source_key", "image", "caption", "split");
    long input = JobDescription.within(spark, "find pairs to encode", raw::count);
    long todoCount = JobDescription.within(spark, "count pairs to encode", todo::count);
    int batches = (int) Math.max(1, (todoCount + config.rowsPerCommit() - 1) / config.rowsPerCommit());
    // rows, not bytes, decide the encode work: see EncodePartitions (a batch's share bounds its rows)
    int tasks = EncodePartitions.count((todoCount + batches - 1) / batches, EncodePartitions.slots(spark),
        config.batchSize());
    Batches total = new Batches();
    for (int b = 0; b < batches && todoCount > 0; b++) {
      spark.sparkContext().setJobDescription(String.format("tokenize batch %d/%d", b + 1, batches));
      Dataset<Row> batch = batches == 1 ? todo : todo.where(pmod(xxhash64(col("pair_id")), lit(batches)).equalTo(b));
      encodeAndCommit(spark, config, batch.repartition(tasks, col("pair_id")), b, imageVersion, textVersion, vq,
          runId, total);
    }
    spark.sparkContext().setJobDescription(null);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("image_tokenizer", imageVersion);
    extra.put("text_tokenizer", textVersion);
    extra.put("grid", vq.gridSize() + "x" + vq.gridSize());
    extra.put("encode_tasks", tasks);
    extra.put("commits", batches);
    // read, decode, encode and cache the new pairs: the part of the run that grows with the data
    extra.put("encode_seconds", Math.round(total.encodeSeconds * 1000) / 1000.0);
    return new JobSummary(STAGE, runId.value(), started, Instant.now(), input, total.inserted, input - todoCount,
        total.rejectedByReason, Map.of(PipelineTables.RAW_PAIRS.name(), rawVersion),
        Map.of(PipelineTables.TOKENIZED_PAIRS.name(),
            DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS)), extra);
  }

  /** What the batches did, summed. */
  private static final class Batches {
    long inserted;
    double encodeSeconds;
    final Map<String, Long> rejectedByReason = new TreeMap<>();
  }

  private static void encodeAndCommit(SparkSession spark, Config config, Dataset<Row> todo, int batch,
      String imageVersion, String textVersion, VqConfig vq, RunId runId, Batches total) {
    Lakehouse lakehouse = config.lakehouse();
    Dataset<Row> encoded = new TextTokenizer().setModelPath(config.textTokenizer()).setInputCol("caption")
        .setOutputCol("text_ids").transform(new ImageTokenizer().setModelPath(config.imageTokenizer())
            .setInputCol("image").setOutputCol("image_codes").setErrorCol("image_error")
            .setBatchSize(config.batchSize()).setDevice(config.device()).transform(todo))
        .drop("image")
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // one pass encodes, fills the cache and counts the rows by outcome
      long encodeStart = System.nanoTime();
      long todoCount = 0;
      Map<String, Long> rejectedByReason = new TreeMap<>();
      for (Row outcome : JobDescription.within(spark, "encode",
          () -> encoded.groupBy(substring_index(col("image_error"), ":", 1)).count().collectAsList())) {
        todoCount += outcome.getLong(1);
        if (!outcome.isNullAt(0)) {
          rejectedByReason.put(outcome.getString(0), outcome.getLong(1));
        }
      }
      total.encodeSeconds += (System.nanoTime() - encodeStart) / 1e9;
      Dataset<Row> rejected = encoded.where(col("image_error").isNotNull());
      if (!rejectedByReason.isEmpty()) {
        // a MERGE costs seconds of Delta work even with nothing to insert
        Rejects.write(spark, lakehouse, FaultRows.firing(rejected.select(lit(STAGE).as("stage"), col("source"),
            col("source_key"), substring_index(col("image_error"), ":", 1).as("reason_code"),
            col("image_error").as("detail"), lit(runId.value()).as("run_id"), current_timestamp().as("at")),
            config.faults(), "delta_write", "batch", batch, "table", 1));
      }
      config.faults().at("rejects_written", "batch", batch);
      Dataset<Row> accepted = encoded.where(col("image_error").isNull()).select(col("pair_id"),
          lit(imageVersion).as("image_tokenizer"), lit(textVersion).as("text_tokenizer"),
          lit(vq.gridSize()).as("grid_h"), lit(vq.gridSize()).as("grid_w"), col("image_codes"), col("text_ids"),
          col("split"), lit(runId.value()).as("tokenize_run"));
      long rejectedCount = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
      if (todoCount > rejectedCount) {
        total.inserted += DeltaTables.insertNew(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS,
            FaultRows.firing(accepted, config.faults(), "delta_write", "batch", batch, "table", 0));
      }
      rejectedByReason.forEach((k, v) -> total.rejectedByReason.merge(k, v, Long::sum));
      config.faults().at("batch_committed", "batch", batch);
    } finally {
      encoded.unpersist();
    }
  }
}
