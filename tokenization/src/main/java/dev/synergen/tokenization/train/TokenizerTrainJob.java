package dev.synergen.tokenization.train;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.artifact.ArtifactBytes;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.ingest.HashSplit;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.text.BpeEncodings;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.TokenizerQuality;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import dev.synergen.tokenization.vq.VqTrainer;
import dev.synergen.tokenization.vq.VqTrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code synergen tokenizer-train}: builds both tokenizers from the train split of
 * {@code raw_pairs} into {@code outputDir}:
 * <ol>
 *   <li>{@value TokenizerFiles#TEXT_REMAP}: a Spark aggregation counts the BPE ids of the train captions,
 *       and of the train documents of {@code text_docs} when the lakehouse has a text corpus, and keeps
 *       the most frequent {@code textVocabularyCap - 1} behind UNK;
 *   <li>{@code vq/}: the VQ tokenizer, trained on the driver on images streamed from Delta
 *       ({@link TrainImageStream}), its codebook set by Spark MLlib k-means on encoder outputs at
 *       step {@code kmeansAtStep}, checkpointed every {@code checkpointEvery} steps under
 *       {@code checkpoints/}. A re-run resumes from the latest checkpoint and continues exactly.
 * </ol>
 * The summary reports the held-out quality (splits val and test, the first {@code heldOutImages}
 * by pair_id) of the final tokenizer. The output directory must be local to the driver, which
 * trains; the tokenizers can then be copied to shared storage for the transformers.
 */
public final class TokenizerTrainJob {
  public static final String STAGE = "tokenizer-train";
  static final String LATEST = "LATEST.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerTrainJob() {}

  /**
   * @param kmeansAtStep step after which k-means re-initialises the codebook (0: before training;
   *     negative: never)
   * @param kmeansImages train images whose latents k-means clusters
   * @param faults deliberate failures for crash drills (point {@code after_checkpoint}, coordinate {@code step})
   * @param llm a pretrained LLM's directory whose tokenizer replaces the compact remap, or null
   */
  public record Config(Lakehouse lakehouse, String outputDir, VqConfig model, VqTrainingConfig training, int batchSize,
      int checkpointEvery, int kmeansAtStep, int kmeansImages, int kmeansIterations, String textEncoding,
      int textVocabularyCap, int heldOutImages, FaultPlan faults, String llm) {
    public Config(Lakehouse lakehouse, String outputDir, VqConfig model, VqTrainingConfig training, int batchSize,
        int checkpointEvery, int kmeansAtStep, int kmeansImages, int kmeansIterations, String textEncoding,
        int textVocabularyCap, int heldOutImages, FaultPlan faults) {
      this(lakehouse, outputDir, model, training, batchSize, checkpointEvery, kmeansAtStep, kmeansImages,
          kmeansIterations, textEncoding, textVocabularyCap, heldOutImages, faults, null);
    }

    public Config(Lakehouse lakehouse, String outputDir, VqConfig model, VqTrainingConfig training, int batchSize,
        int checkpointEvery, int kmeansAtStep, int kmeansImages, int kmeansIterations, String textEncoding,
        int textVocabularyCap, int heldOutImages) {
      this(lakehouse, outputDir, model, training, batchSize, checkpointEvery, kmeansAtStep, kmeansImages,
          kmeansIterations, textEncoding, textVocabularyCap, heldOutImages, FaultPlan.none());
    }

    public Config {
      faults = faults == null ? FaultPlan.none() : faults;
      if (batchSize < 1 || checkpointEvery < 1 || kmeansImages < 1 || kmeansIterations < 1 || heldOutImages < 0) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "batchSize, checkpointEvery, kmeansImages and kmeansIterations must be >= 1 and "
            + "heldOutImages >= 0, got " + batchSize + ", " + checkpointEvery + ", " + kmeansImages + ", "
            + kmeansIterations + ", " + heldOutImages);
      }
      BpeEncodings.size(textEncoding);
    }
  }

    public static JobSummary run(SparkSession spark, Config config, PrintStream out) {
    try (JobDescription job = JobDescription.of(spark, STAGE)) {
      return execute(spark, config, out);
    }
  }

  private static JobSummary execute(SparkSession spark, Config config, PrintStream out) {
    Instant started = Instant.now();
    RunId runId = RunId.create(STAGE);
    Path root = Path.of(config.outputDir());
    long rawVersion = DeltaTables.currentVersion(spark, config.lakehouse(), PipelineTables.RAW_PAIRS);
    Dataset<Row> raw = DeltaTables.readAt(spark, config.lakehouse(), PipelineTables.RAW_PAIRS, rawVersion);
    Dataset<Row> train = raw.where(col("split").equalTo(HashSplit.TRAIN));
    Map<String, Long> versionsRead = new LinkedHashMap<>();
    versionsRead.put(PipelineTables.RAW_PAIRS.name(), rawVersion);
    Dataset<Row> corpusText = train.select(col("caption").as("text"));
    if (config.llm() == null && DeltaTables.exists(spark, config.lakehouse(), PipelineTables.TEXT_DOCS)) {
      // the text corpus's words get ids too: a remap of captions alone spells " yes", " two" or any
      // word of the language model's corpus as UNK
      long docsVersion = DeltaTables.currentVersion(spark, config.lakehouse(), PipelineTables.TEXT_DOCS);
      versionsRead.put(PipelineTables.TEXT_DOCS.name(), docsVersion);
      corpusText = corpusText.union(DeltaTables.readAt(spark, config.lakehouse(), PipelineTables.TEXT_DOCS, docsVersion)
          .where(col("split").equalTo(HashSplit.TRAIN)).select("text"));
    }
    try {
      Files.createDirectories(root);
      TextCodec text = config.llm() == null ? textRemap(corpusText, root, config)
          : LlmTokenizerCopy.install(Path.of(config.llm()), root);
      out.println((config.llm() == null ? "text remap " : "LLM text tokenizer ") + text.version() + ": "
          + text.vocabularySize() + " text ids");
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("text_tokenizer", text.version());
      if (config.llm() == null) {
        extra.put("text_remap_counted", versionsRead.containsKey(PipelineTables.TEXT_DOCS.name())
            ? "train captions and train text_docs" : "train captions");
      }
      extra.put("text_vocabulary", text.vocabularySize());
      try (VqTrainer trainer = trainVq(train, root, config, out, extra)) {
        trainer.tokenizer().save(root.resolve(TokenizerFiles.VQ_DIR));
        extra.put("image_tokenizer", trainer.tokenizer().version());
        extra.put("steps", trainer.step());
        if (config.heldOutImages() > 0) {
          Dataset<Row> heldOut = raw.where(col("split").notEqual(HashSplit.TRAIN)).select("pair_id", "image")
              .orderBy("pair_id").limit(config.heldOutImages());
          if (!heldOut.isEmpty()) {
            TokenizerQuality quality = TokenizerQuality.evaluate(trainer.tokenizer(),
                heldOutBatches(heldOut, config.batchSize(), config.model().imageSize()));
            out.println("tokenizer quality: " + quality);
            extra.put("heldout_psnr_db", quality.psnr());
            extra.put("heldout_ssim", quality.ssim());
            extra.put("heldout_codebook_usage", quality.usage());
            extra.put("heldout_perplexity", quality.perplexity());
          }
        }
      }
      long trainRows = JobDescription.within(spark, "count train images", train::count);
      return new JobSummary(STAGE, runId.value(), started, Instant.now(), trainRows, trainRows, 0, Map.of(),
          versionsRead, Map.of(), extra);
    } catch (IOException e) {
      throw new UncheckedIOException("tokenizer training failed to write under " + root, e);
    }
  }

  /**
   * Reuses a saved remap (a resumed run must not change ids), else counts the BPE ids of the corpus
   * (one string column: train captions, and train documents of the text corpus when there is one).
   */
  static BpeTextTokenizer textRemap(Dataset<Row> corpusText, Path root, Config config) throws IOException {
    Path file = root.resolve(TokenizerFiles.TEXT_REMAP);
    if (Files.isDirectory(root.resolve(TokenizerFiles.LLM_TEXT_DIR))) {
      throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, root + " already holds an LLM's tokenizer ("
          + TokenizerFiles.LLM_TEXT_DIR + "/); pass the same --llm again or choose another output directory");
    }
    if (Files.isRegularFile(file)) {
      return new BpeTextTokenizer(VocabularyRemap.load(file));
    }
    StructType schema = new StructType().add("bpe_id", DataTypes.IntegerType, false);
    List<VocabularyRemap.BpeCount> counts = new ArrayList<>();
    for (Row r : corpusText.mapPartitions(new BpeIds(config.textEncoding()), Encoders.row(schema))
        .groupBy("bpe_id").count().collectAsList()) {
      counts.add(new VocabularyRemap.BpeCount(r.getInt(0), r.getLong(1)));
    }
    VocabularyRemap remap = VocabularyRemap.fromCounts(config.textEncoding(), counts, config.textVocabularyCap());
    remap.save(file);
    return new BpeTextTokenizer(remap);
  }

  private static VqTrainer trainVq(Dataset<Row> train, Path root, Config config, PrintStream out,
      Map<String, Object> extra) throws IOException {
    Path checkpoints = Files.createDirectories(root.resolve("checkpoints"));
    JsonNode latest = Files.isRegularFile(checkpoints.resolve(LATEST))
        ? JSON.readTree(Files.readString(checkpoints.resolve(LATEST), StandardCharsets.UTF_8)) : null;
    VqTrainer trainer;
    long rowsConsumed = 0;
    boolean kmeansDone = config.kmeansAtStep() < 0;
    if (latest != null) {
      trainer = VqTrainer.resume(checkpoints.resolve(latest.path("checkpoint").asText()));
      if (!trainer.tokenizer().config().equals(config.model())) {
        // a convolutional VQ runs on images of any size, so resuming with another one would train on quietly
        String saved = trainer.tokenizer().config().toJson().toString();
        trainer.close();
        throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, root + " holds a VQ training of "
            + saved + ", not of the " + config.model().toJson() + " this run asks for; re-run with the preset and"
            + " --image-size it was started with, or train into another --output");
      }
      rowsConsumed = latest.path("rows_consumed").asLong();
      kmeansDone |= latest.path("kmeans_done").asBoolean();
      out.println("resumed from " + latest.path("checkpoint").asText() + " at step " + trainer.step());
    } else {
      trainer = new VqTrainer(VqTokenizer.create(config.model(), config.training().seed()), config.training());
    }
    try {
      TrainImageStream stream = new TrainImageStream(train, config.batchSize(), config.model().imageSize(),
          config.training().seed(), rowsConsumed);
      long[] consumed = {rowsConsumed};
      Iterator<ImageBatch> batches = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public ImageBatch next() {
          long before = stream.skipped();
          ImageBatch b = stream.next();
          consumed[0] += b.count() + (stream.skipped() - before);
          return b;
        }
      };
      int total = config.training().totalSteps();
      int report = Math.max(1, total / 50);
      boolean[] kmeans = {kmeansDone};
      while (true) {
        if (!kmeans[0] && trainer.step() >= config.kmeansAtStep()) {
          Path encoder = checkpoint(trainer, checkpoints, consumed[0], false, config.faults());
          Dataset<Row> sample = train.select("pair_id", "image").orderBy("pair_id").limit(config.kmeansImages());
          long startKmeans = System.nanoTime();
          trainer.initializeCodebook(CodebookKMeans.centroids(sample, encoder, config.kmeansIterations(),
              config.training().seed()));
          kmeans[0] = true;
          out.printf(java.util.Locale.ROOT, "k-means codebook initialisation at step %d: %.1f s%n", trainer.step(),
              (System.nanoTime() - startKmeans) / 1e9);
          checkpoint(trainer, checkpoints, consumed[0], true, config.faults());
        }
        if (trainer.step() >= total) {
          break;
        }
        int target = kmeans[0] ? total : Math.min(config.kmeansAtStep(), total);
        trainer.trainUntil(target, batches, (t, r) -> {
          if (r.step() % report == 0 || r.step() == 1) {
            out.println(r);
          }
          if (r.step() % config.checkpointEvery() == 0) {
            checkpoint(t, checkpoints, consumed[0], kmeans[0], config.faults());
          }
        });
      }
      checkpoint(trainer, checkpoints, consumed[0], kmeans[0], config.faults());
      extra.put("skipped_unreadable_images", stream.skipped());
      return trainer;
    } catch (IOException | RuntimeException e) {
      trainer.close();
      throw e;
    }
  }

  /** Saves the trainer under checkpoints/step-NNNNNNN, then points LATEST at it; keeps the last two. */
  private static Path checkpoint(VqTrainer trainer, Path checkpoints, long rowsConsumed, boolean kmeansDone,
      FaultPlan faults)
      throws IOException {
    String name = String.format("step-%07d", trainer.step());
    Path dir = checkpoints.resolve(name);
    trainer.save(dir);
    ObjectNode latest = JSON.createObjectNode();
    latest.put("checkpoint", name);
    latest.put("step", trainer.step());
    latest.put("rows_consumed", rowsConsumed);
    latest.put("kmeans_done", kmeansDone);
    AtomicFiles.writeString(checkpoints.resolve(LATEST), latest.toString());
    try (Stream<Path> dirs = Files.list(checkpoints)) {
      List<Path> old = dirs.filter(p -> p.getFileName().toString().startsWith("step-"))
          .sorted(Comparator.reverseOrder()).skip(2).toList();
      for (Path p : old) {
        ArtifactBytes.deleteQuietly(p);
      }
    }
    faults.at("after_checkpoint", "step", trainer.step());
    return dir;
  }

  private static Iterator<ImageBatch> heldOutBatches(Dataset<Row> heldOut, int batchSize, int imageSize) {
    Iterator<Row> rows = heldOut.toLocalIterator();
    return new Iterator<>() {
      private final ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());
      private ImageBatch next = advance();

      private ImageBatch advance() {
        List<java.awt.image.BufferedImage> batch = new ArrayList<>();
        while (batch.size() < batchSize && rows.hasNext()) {
          Row r = rows.next();
          try {
            if (!r.isNullAt(1)) {
              batch.add(ImageFitting.decodeAndFit(decoder, (byte[]) r.get(1), imageSize));
            }
          } catch (RejectedException e) {
            // unreadable held-out images are the tokenize job's rejects; they do not count here
          }
        }
        return batch.isEmpty() ? null : ImageBatch.of(batch, imageSize);
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public ImageBatch next() {
        ImageBatch current = next;
        next = advance();
        return current;
      }
    };
  }

  /** Captions to one row per BPE id. */
  private static final class BpeIds implements MapPartitionsFunction<Row, Row>, Serializable {
    private final String encoding;

    BpeIds(String encoding) {
      this.encoding = encoding;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        private int[] ids = new int[0];
        private int at;

        @Override
        public boolean hasNext() {
          while (at >= ids.length && rows.hasNext()) {
            Row r = rows.next();
            ids = r.isNullAt(0) ? new int[0] : BpeTextTokenizer.bpeIds(encoding, r.getString(0));
            at = 0;
          }
          return at < ids.length;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return RowFactory.create(ids[at++]);
        }
      };
    }
  }
}
