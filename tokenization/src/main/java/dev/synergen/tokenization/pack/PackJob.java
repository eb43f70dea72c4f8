package dev.synergen.tokenization.pack;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;

import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.Rejects;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.artifact.ArtifactLocation;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.text.TextCodecs;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
    String imageVersion;
    VqConfig vq;
    TextCodec text;
    try (VqTokenizer tokenizer = VqTokenizer.load(ArtifactLocation.local(spark, config.imageTokenizer()))) {
      imageVersion = tokenizer.version();
      vq = tokenizer.config();
      text = TextCodecs.open(ArtifactLocation.local(spark, config.textTokenizer()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizers", e);
    }
    VocabularyLayout layout = new VocabularyLayout(text.vocabularySize(), vq.codebookSize());
    var lakehouse = config.lakehouse();
    long tokenizedVersion = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS);
    Dataset<Row> pairs = DeltaTables.readAt(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS, tokenizedVersion)
        .where(col("image_tokenizer").equalTo(imageVersion).and(col("text_tokenizer").equalTo(text.version())))
        .select("pair_id", "image_codes", "text_ids", "split");

    Dataset<Row> samples = pairs
        .mapPartitions(new PackFunctions.ToSamples(text.vocabularySize(), vq.codebookSize(), PackFunctions.Settings.of(config)),
            Encoders.row(PackFunctions.SAMPLES))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> sequences = null;
    try {
      long input = JobDescription.within(spark, "lay out samples", samples::count);
      Dataset<Row> tooLong = samples.where(col("error").isNotNull());
      Rejects.write(spark, lakehouse, tooLong.select(lit(STAGE).as("stage"), lit(PipelineTables.TOKENIZED_PAIRS.name())
          .as("source"), col("pair_id").as("source_key"), substring_index(col("error"), ":", 1).as("reason_code"),
          col("error").as("detail"), lit(runId.value()).as("run_id"), current_timestamp().as("at")));
      Map<String, Long> rejected = Rejects.countByReason(tooLong.select(
          substring_index(col("error"), ":", 1).as("reason_code")));

      String salt = config.fingerprint() + "|" + imageVersion + "|" + text.version();
      sequences = samples.where(col("error").isNull())
          .repartition(col("split"), col("task"), col("bucket"))
          .sortWithinPartitions("split", "task", "bucket", "order")
          .mapPartitions(new PackFunctions.ToSequences(layout.pad(), PackFunctions.Settings.of(config), salt), Encoders.row(PackFunctions.SEQUENCES))
          .persist(StorageLevel.MEMORY_AND_DISK());
      long alreadyPresent = 0;
      if (DeltaTables.exists(spark, lakehouse, PipelineTables.SEQUENCES)) {
        Dataset<Row> existing = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).select("seq_id");
        Row present = sequences.join(existing, "seq_id").agg(sum("samples")).head();
        alreadyPresent = present.isNullAt(0) ? 0 : present.getLong(0);
      }
      DeltaTables.insertNew(spark, lakehouse, PipelineTables.SEQUENCES, sequences
          .withColumn("quality", lit(DEFAULT_QUALITY))
          .withColumn("image_tokenizer", lit(imageVersion))
          .withColumn("text_tokenizer", lit(text.version()))
          .withColumn("pack_run", lit(runId.value())));
      long rejectedCount = rejected.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("layout", layout.toString());
      extra.put("mode", config.mode());
      extra.put("context_length", config.contextLength());
      extra.put("sequences_total", JobDescription.within(spark, "count sequences", sequences::count));
      return new JobSummary(STAGE, runId.value(), started, Instant.now(), input,
          input - alreadyPresent - rejectedCount, alreadyPresent, rejected,
          Map.of(PipelineTables.TOKENIZED_PAIRS.name(), tokenizedVersion),
          Map.of(PipelineTables.SEQUENCES.name(), DeltaTables.currentVersion(spark, lakehouse, PipelineTables.SEQUENCES)),
          extra);
    } finally {
      samples.unpersist();
      if (sequences != null) {
        sequences.unpersist();
      }
    }
  }
}
