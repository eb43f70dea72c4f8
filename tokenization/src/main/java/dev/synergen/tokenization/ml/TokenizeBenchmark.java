package dev.synergen.tokenization.ml;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.spark.SparkSessions;
import dev.synergen.core.spark.SparkSettings;
import dev.synergen.tokenization.text.BpeEncodings;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import dev.synergen.tokenization.vq.bench.ShapesLikeImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen bench tokenize}: images/s of a bare single-process DJL loop (decode, fit,
 * encode in batches) and of the same work as Spark's {@link ImageTokenizer} stage and as the
 * whole {@link TokenizeJob}, on the same PNG images in the same run, and their ratios.
 *
 * <pre>
 * java -cp ... dev.synergen.tokenization.ml.TokenizeBenchmark [--images 1024] [--batch 32]
 *     [--master local[2]] [--model dir-of-a-saved-small-tokenizer]
 * </pre>
 */
public final class TokenizeBenchmark {
  private TokenizeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int count = Integer.parseInt(opts.getOrDefault("images", "1024"));
    int batch = Integer.parseInt(opts.getOrDefault("batch", "32"));
    String master = opts.getOrDefault("master", "local[" + Runtime.getRuntime().availableProcessors() + "]");
    Path work = Files.createTempDirectory("synergen-bench-tokenize");
    Path model = opts.containsKey("model") ? Path.of(opts.get("model")) : work.resolve("vq");
    if (!opts.containsKey("model")) {
      try (VqTokenizer t = VqTokenizer.create(VqConfig.small(), 1)) {
        t.save(model);
      }
    }
    int size = VqTokenizer.configOf(model).imageSize();
    ShapesLikeImages scenes = new ShapesLikeImages(size, 77);
    List<byte[]> pngs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(scenes.image(i), "png", out);
      pngs.add(out.toByteArray());
    }
    System.out.printf(Locale.ROOT, "%d PNG images of %dx%d, batch %d, %d cores, master %s%n", count, size, size, batch,
        Runtime.getRuntime().availableProcessors(), master);

    double bare = bareLoop(model, pngs, size, batch);
    System.out.printf(Locale.ROOT, "bare DJL loop:          %8.1f images/s%n", bare);

    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings(master, "bench-tokenize", 0, true,
        Map.of("spark.ui.enabled", "false")), new Lakehouse(work.resolve("lakehouse").toString()));
    try {
      Lakehouse lakehouse = new Lakehouse(work.resolve("lakehouse").toString());
      List<Row> rows = new ArrayList<>();
      Timestamp at = new Timestamp(System.currentTimeMillis());
      for (int i = 0; i < count; i++) {
        rows.add(RowFactory.create("p" + i, "bench", "k" + i, pngs.get(i), "png", size, size, "a red circle", null,
            "train", "bench", at));
      }
      DeltaTables.insertNew(spark, lakehouse, PipelineTables.RAW_PAIRS,
          spark.createDataFrame(rows, PipelineTables.RAW_PAIRS.schema()));
      Dataset<Row> images = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).select("pair_id", "image")
          .cache();
      images.count();
      ImageTokenizer stage = new ImageTokenizer().setModelPath(model.toString()).setBatchSize(batch);
      stage.transform(images.limit(batch)).write().format("noop").mode("overwrite").save();
      long start = System.nanoTime();
      stage.transform(images).write().format("noop").mode("overwrite").save();
      double transformer = count / ((System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "Spark ImageTokenizer:   %8.1f images/s (%.2f x bare)%n", transformer,
          transformer / bare);

      Path remap = work.resolve("remap.json");
      List<VocabularyRemap.BpeCount> counts = new ArrayList<>();
      for (int id : BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE, "a red circle")) {
        counts.add(new VocabularyRemap.BpeCount(id, 1));
      }
      VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 100).save(remap);
      start = System.nanoTime();
      JobSummary summary = TokenizeJob.run(spark, new TokenizeJob.Config(lakehouse, model.toString(),
          remap.toString(), batch, "auto"));
      double job = count / ((System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "Spark tokenize job:     %8.1f images/s (%.2f x bare; %d rows written, "
          + "includes the Delta MERGE)%n", job, job / bare, summary.accepted());
    } finally {
      spark.stop();
      ModelCache.clear();
    }
    // a second bare run shows how much the machine's load drifted during the Spark runs
    System.out.printf(Locale.ROOT, "bare DJL loop, again:   %8.1f images/s%n", bareLoop(model, pngs, size, batch));
  }

  private static double bareLoop(Path model, List<byte[]> pngs, int size, int batch) throws IOException {
    try (VqTokenizer tokenizer = VqTokenizer.load(model)) {
      tokenizer.encode(decode(pngs.subList(0, Math.min(batch, pngs.size())), size));
      long start = System.nanoTime();
      for (int from = 0; from < pngs.size(); from += batch) {
        tokenizer.encode(decode(pngs.subList(from, Math.min(pngs.size(), from + batch)), size));
      }
      return pngs.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static ImageBatch decode(List<byte[]> pngs, int size) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    for (byte[] png : pngs) {
      images.add(ImageFitting.fit(ImageFitting.decode(png), size));
    }
    return ImageBatch.of(images, size);
  }
}
