package dev.synergen.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.ingest.PairTask;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.training.generate.CaptionConfig;
import dev.synergen.training.generate.GenerationConfig;
import dev.synergen.training.generate.ImageFiles;
import dev.synergen.training.generate.SynerGenPipeline;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The demo's last step: the trained checkpoint generates an image for the captions of a few held-out
 * (test split) pairs and captions their images, so a reader sees what the run learnt next to the truth.
 */
final class DemoSamples {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoSamples() {}

  /** Writes {@code truth-i.png}, {@code generated-i.png} and {@code samples.json} under {@code out}. */
  static void write(SparkSession spark, Lakehouse lakehouse, Path checkpoint, String device, Path out,
      int count, PrintStream log)
      throws IOException {
    // Ordered by pair_id (a content hash): the same pairs on every run of the same corpus. Captions only: a VQA
    // pair's text is a question, no description to draw from.
    List<Row> pairs = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS)
        .where(functions.col("split").equalTo("test").and(functions.not(PairTask.isVqa(functions.col("meta")))))
        .orderBy("pair_id").select("pair_id", "caption", "image").limit(count).collectAsList();
    if (pairs.isEmpty()) {
      log.println("no test-split pairs in raw_pairs: no samples written");
      return;
    }
    ArrayNode rows = JSON.createArrayNode();
    try (SynerGenPipeline pipeline = SynerGenPipeline.open(checkpoint, null, TaskDevice.resolve(device))) {
      int size = pipeline.tokenizers().imageTokenizer().config().imageSize();
      ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());
      for (int i = 0; i < pairs.size(); i++) {
        Row pair = pairs.get(i);
        String truth = pair.getString(1);
        // raw_pairs holds normalised PNGs: decoded and fitted exactly as the tokenize job did for training
        BufferedImage image;
        try {
          image = ImageFitting.decodeAndFit(decoder, (byte[]) pair.get(2), size);
        } catch (RejectedException e) {
          log.println("  " + i + "  pair " + pair.getString(0) + " skipped: its image is unreadable (" + e.getMessage()
              + ")");
          continue;
        }
        String caption = pipeline.caption(image, CaptionConfig.greedy(48));
        BufferedImage generated = pipeline.generateImage(truth, 1, GenerationConfig.defaults(i)).get(0);
        ImageFiles.writePng(image, out.resolve("truth-" + i + ".png"));
        ImageFiles.writePng(generated, out.resolve("generated-" + i + ".png"));
        log.printf(Locale.ROOT, "  %d  caption  \"%s\"%n     model    \"%s\"   image -> generated-%d.png%n", i, truth,
            caption, i);
        ObjectNode row = rows.addObject();
        row.put("pair_id", pair.getString(0));
        row.put("caption", truth);
        row.put("model_caption", caption);
        row.put("truth_png", "truth-" + i + ".png");
        row.put("generated_png", "generated-" + i + ".png");
      }
      ObjectNode doc = JSON.createObjectNode();
      doc.put("checkpoint", pipeline.checkpoint().toString());
      doc.set("samples", rows);
      AtomicFiles.writeString(out.resolve("samples.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }
    log.println("  samples in " + out.toAbsolutePath());
  }
}
