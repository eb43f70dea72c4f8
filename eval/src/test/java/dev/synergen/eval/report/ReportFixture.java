package dev.synergen.eval.report;

import static dev.synergen.eval.fixtures.EvalTables.checkpoint;
import static dev.synergen.eval.fixtures.EvalTables.metric;
import static dev.synergen.eval.fixtures.EvalTables.result;
import static dev.synergen.eval.fixtures.EvalTables.sample;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.eval.fixtures.EvalTables;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;

/**
 * One lakehouse per test JVM with everything a report shows: three checkpoints (base, S1, S2;
 * the S1 path holds {@code "&<>}), every suite, GenEval / caption / tokenizer samples (one caption
 * is {@code <script>alert(1)</script>}), two training runs, one with two workers. Report tests
 * only read it.
 */
final class ReportFixture {
  static final String BASE = "/runs/base/ckpt-0";
  static final String S1 = "/runs/s1 \"best\"&<final>/ckpt-20";
  static final String S2 = "/runs/s2/ckpt-40";
  static final String SCRIPT = "<script>alert(1)</script>";

  private static Lakehouse lakehouse;

  private ReportFixture() {}

  static synchronized Lakehouse lakehouse() {
    if (lakehouse == null) {
      try {
        // under target/, so that mvn clean removes it (the JVM-wide fixture outlives every test's @TempDir)
        Path target = Files.createDirectories(Path.of("target"));
        lakehouse = new Lakehouse(Files.createTempDirectory(target, "report-fixture").resolve("lakehouse").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      write(lakehouse);
    }
    return lakehouse;
  }

  private static void write(Lakehouse lh) {
    var spark = TestSpark.session();
    List<Row> results = new ArrayList<>();
    String[][] checkpoints = {{"e-base", BASE, "base", "0"}, {"e-s1", S1, "s1", "20"}, {"e-s2", S2, "s2", "40"}};
    for (int i = 0; i < checkpoints.length; i++) {
      String run = checkpoints[i][0];
      String path = checkpoints[i][1];
      String stage = checkpoints[i][2];
      long step = Long.parseLong(checkpoints[i][3]);
      double d = 0.05 * i;
      results.add(result(run, path, stage, step, "pope", "random/accuracy", 0.6 + d, 300, ci(0.6 + d, 0.05), 0.5));
      results.add(result(run, path, stage, step, "pope", "random/f1", 0.55 + d, 300, ci(0.55 + d, 0.06), null));
      results.add(result(run, path, stage, step, "mcq", "circular_accuracy", 0.2 + d, 120, ci(0.2 + d, 0.07),
          1 / 16.0));
      results.add(result(run, path, stage, step, "geneval", "overall", 0.3 + d, 60, ci(0.3 + d, 0.1), null));
      results.add(result(run, path, stage, step, "t2i_match", "accuracy", 0.2 + d, 48, ci(0.2 + d, 0.1), 0.125));
      results.add(result(run, path, stage, step, "caption", "cider_d", 0.4 + 2 * d, 50, ci(0.4 + 2 * d, 0.1), null));
      results.add(result(run, path, stage, step, "caption", "bleu_4", 0.1 + d, 50, ci(0.1 + d, 0.03), null));
      results.add(result(run, path, stage, step, "tokenizer", "psnr_db", 27 + i, 40, ci(27 + i, 0.8), null));
      results.add(result(run, path, stage, step, "text", "perplexity", 40 - 3 * i, 200, null, null));
      results.add(result(run, path, stage, step, "efficiency", "positions_per_image", 32, 1, null, null));
    }
    EvalTables.write(spark, lh, PipelineTables.EVAL_RESULTS, results);

    List<Row> samples = new ArrayList<>();
    String[] categories = {"single_object", "counting", "color_attr"};
    for (String run : List.of("e-s1", "e-s2")) {
      for (int c = 0; c < categories.length; c++) {
        for (int k = 0; k < 3; k++) {
          samples.add(sample(run, "geneval", categories[c] + "-" + k, "a photo of " + (k + 1) + " red circle" + (k > 0
              ? "s" : ""), "found " + k + " circles", null, (k + c) % 2 == 0, null, png(Color.RED, k + 1),
              "{\"category\":\"" + categories[c] + "\",\"tag\":\"" + categories[c] + "\"}"));
        }
      }
      samples.add(sample(run, "caption", "cap-1", "pair-1", SCRIPT, "a blue square & a green \"triangle\"", null, 0.7,
          png(Color.BLUE, 1), null));
      samples.add(sample(run, "caption", "cap-2", "pair-2", "two green circles", "two green circles", null, 1.2,
          png(Color.GREEN, 2), null));
      boolean right = run.equals("e-s2");
      samples.add(sample(run, "t2i_match", "pair-3", "red heart", "nearest: " + (right ? "red heart" : "fire"),
          "red heart", right, right ? 1.0 : 3.0, png(right ? Color.RED : Color.ORANGE, 1), "{\"truth_png\":\""
              + Base64.getEncoder().encodeToString(png(Color.RED, 2)) + "\",\"rank\":" + (right ? 1 : 3)
              + ",\"candidates\":8}"));
      String reconstruction = Base64.getEncoder().encodeToString(png(new Color(200, 40, 40), 1));
      samples.add(sample(run, "tokenizer", "tok-1", "pair-1", null, null, null, 29.5, png(Color.RED, 1),
          "{\"reconstruction_png\":\"" + reconstruction + "\",\"psnr\":29.5,\"ssim\":0.91}"));
    }
    EvalTables.write(spark, lh, PipelineTables.EVAL_SAMPLES, samples);

    List<Row> metrics = new ArrayList<>();
    for (long step = 1; step <= 40; step++) {
      metrics.add(metric("run-s1", "s1", 0, step, 6.0 / Math.sqrt(step), 1e-4));
      metrics.add(metric("run-s1", "s1", 1, step, 6.2 / Math.sqrt(step), 1e-4));
      metrics.add(metric("run-s2", "s2", 0, step, 3.0 / Math.sqrt(step), 5e-5 * Math.cos(step / 40.0)));
    }
    EvalTables.write(spark, lh, PipelineTables.TRAINING_METRICS, metrics);
    EvalTables.write(spark, lh, PipelineTables.CHECKPOINTS, List.of(checkpoint("run-s1", "s1", 2, 20, S1),
        checkpoint("run-s2", "s2", 4, 40, S2)));
  }

  private static double[] ci(double v, double half) {
    return new double[] {Math.max(0, v - half), v + half};
  }

  /** A 32 px PNG with {@code count} discs of {@code color}: small, real, decodable. */
  static byte[] png(Color color, int count) {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 32, 32);
    g.setColor(color);
    for (int i = 0; i < count; i++) {
      g.fillOval(2 + 10 * i, 10, 9, 9);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A report of the fixture lakehouse written under {@code dir} with {@code name}. */
  static ReportBuilder.Summary report(Path dir, String name, ReportRequest request) {
    return ReportBuilder.write(TestSpark.session(), lakehouse(), request, dir.resolve(name));
  }
}
