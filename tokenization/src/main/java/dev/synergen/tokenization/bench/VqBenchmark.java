package dev.synergen.tokenization.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.TokenizerQuality;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqStepResult;
import dev.synergen.tokenization.vq.VqTokenizer;
import dev.synergen.tokenization.vq.VqTrainer;
import dev.synergen.tokenization.vq.VqTrainingConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code synergen bench vq}: trains a VQ tokenizer on shapes-world (or shapes-like) scenes within a
 * wall-clock budget and prints held-out PSNR, SSIM, codebook usage and perplexity: the issue-4
 * quality target, rerunnable. Architecture options left null take the preset's values.
 */
public final class VqBenchmark {
  private VqBenchmark() {}

  /**
   * @param minutes training budget (ignored when {@code steps} fixes the schedule)
   * @param images shapes-world or shapes-like
   * @param out directory for the reconstructions grid and the trained checkpoint, or null
   */
  public record Options(String preset, Integer codebook, Integer codeDim, Integer baseChannels, List<Integer> multipliers,
      Integer resBlocks, double minutes, int batchSize, int trainImages, int heldout, long seed, String images,
      Integer steps, Float learningRate, Float deadThreshold, Path out) {
    public Options {
      if (!preset.equals("tiny") && !preset.equals("small")) {
        throw invalid("--preset must be tiny or small, got '" + preset + "'");
      }
      if (!images.equals("shapes-world") && !images.equals("shapes-like")) {
        throw invalid("--images must be shapes-world or shapes-like, got '" + images + "'");
      }
      if (!(minutes > 0) || batchSize < 1 || trainImages < 1 || heldout < 1 || (steps != null && steps < 1)) {
        throw invalid("--minutes must be > 0 and --batch, --train-images, --heldout and --steps >= 1; got " + minutes
            + ", " + batchSize + ", " + trainImages + ", " + heldout + ", " + steps);
      }
    }

    private static RuntimeException invalid(String message) {
      return TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "bench vq: " + message);
    }
  }

  /** Trains, measures and returns the report (also written as report.json under {@code out}). */
  public static ObjectNode run(Options o) throws IOException {
    VqConfig preset = o.preset().equals("tiny") ? VqConfig.tiny() : VqConfig.small();
    VqConfig config = new VqConfig(preset.imageSize(), preset.downsample(),
        or(o.codebook(), preset.codebookSize()), or(o.codeDim(), preset.codeDim()),
        or(o.baseChannels(), preset.baseChannels()),
        o.multipliers() != null && !o.multipliers().isEmpty() ? o.multipliers() : preset.channelMultipliers(),
        or(o.resBlocks(), preset.resBlocks()));
    double minutes = o.minutes();
    int batchSize = o.batchSize();
    int trainImages = o.trainImages();
    int heldout = o.heldout();
    long seed = o.seed();
    String source = o.images();
    String out = o.out() == null ? null : o.out().toString();
    SceneImages train = scenes(source, config.imageSize(), seed);
    SceneImages test = scenes(source, config.imageSize(), seed + 1_000_003L);

    System.out.println("config " + config.toJson() + ", batch " + batchSize + ", train pool " + trainImages
        + ", held-out " + heldout + ", images " + source + ", budget " + minutes + " min, cores " + Runtime.getRuntime().availableProcessors());
    int steps = o.steps() != null ? o.steps() : calibrateSteps(config, train, batchSize, minutes, seed);
    VqTrainingConfig defaults = VqTrainingConfig.defaults(steps, seed);
    VqTrainingConfig training = new VqTrainingConfig(or(o.learningRate(), defaults.learningRate()),
        defaults.warmupSteps(), steps, defaults.minLearningRateRatio(), defaults.beta1(), defaults.beta2(),
        defaults.epsilon(), defaults.gradientClipNorm(), defaults.commitmentWeight(), defaults.emaDecay(),
        or(o.deadThreshold(), defaults.deadCodeThreshold()), seed);
    System.out.println("training " + training.toJson());

    long deadline = System.nanoTime() + (long) (minutes * 60e9);
    long start = System.nanoTime();
    try (VqTrainer trainer = new VqTrainer(VqTokenizer.create(config, seed), training)) {
      Iterator<ImageBatch> batches = new Iterator<>() {
        long next = 0;

        @Override
        public boolean hasNext() {
          return System.nanoTime() < deadline;
        }

        @Override
        public ImageBatch next() {
          ImageBatch b = train.batch(next % trainImages, (int) Math.min(batchSize, trainImages - next % trainImages));
          next += b.count();
          return b;
        }
      };
      int every = Math.max(1, steps / 40);
      VqStepResult last = trainer.trainUntil(steps, batches, (t, r) -> {
        if (r.step() % every == 0 || r.step() == 1) {
          System.out.println(r);
        }
      });
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "trained %d of %d steps (%d images) in %.1f s%n", trainer.step(), steps,
          (long) trainer.step() * batchSize, trainSeconds);
      System.out.println("last " + last);
      TokenizerQuality quality = evaluate(trainer.tokenizer(), test, heldout, out);
      ObjectNode report = new ObjectMapper().createObjectNode();
      report.put("preset", o.preset());
      report.put("images", source);
      report.put("cores", Runtime.getRuntime().availableProcessors());
      report.put("budget_minutes", minutes);
      report.put("batch", batchSize);
      report.put("steps_planned", steps);
      report.put("steps_trained", trainer.step());
      report.put("train_seconds", trainSeconds);
      report.put("heldout_images", quality.images());
      report.put("psnr_db", quality.psnr());
      report.put("ssim", quality.ssim());
      report.put("codebook_usage", quality.usage());
      report.put("code_perplexity", quality.perplexity());
      report.put("goal_psnr_db", 26.0);
      if (out != null) {
        trainer.save(Path.of(out).resolve("checkpoint"));
        AtomicFiles.writeString(Path.of(out).resolve("report.json"), report.toPrettyString());
      }
      return report;
    }
  }

  private static SceneImages scenes(String source, int size, long seed) {
    return switch (source) {
      case "shapes-world" -> new ShapesWorldImages(new ShapesWorldConfig(size, 3, 1, 4), seed);
      case "shapes-like" -> new ShapesLikeImages(size, seed);
      default -> throw new IllegalArgumentException("--images must be shapes-world or shapes-like, got " + source);
    };
  }

  /** Times a few steps of a throwaway trainer and returns how many steps fit into the budget. */
  private static int calibrateSteps(VqConfig config, SceneImages train, int batchSize, double minutes, long seed) {
    try (VqTrainer probe = new VqTrainer(VqTokenizer.create(config, seed), VqTrainingConfig.defaults(1000, seed))) {
      probe.step(train.batch(0, batchSize));
      long start = System.nanoTime();
      int n = 5;
      for (int i = 1; i <= n; i++) {
        probe.step(train.batch((long) i * batchSize, batchSize));
      }
      double perStep = (System.nanoTime() - start) / 1e9 / n;
      // keep 5% for batch generation and the slower steps of a shared machine
      int steps = (int) (minutes * 60 * 0.95 / perStep);
      System.out.printf(Locale.ROOT, "calibration: %.0f ms per step of %d -> %d steps%n", perStep * 1000, batchSize,
          steps);
      return Math.max(1, steps);
    }
  }

  static TokenizerQuality evaluate(VqTokenizer tokenizer, SceneImages test, int heldout, String out)
      throws IOException {
    int chunk = 64;
    Iterator<ImageBatch> batches = new Iterator<>() {
      int from;

      @Override
      public boolean hasNext() {
        return from < heldout;
      }

      @Override
      public ImageBatch next() {
        ImageBatch b = test.batch(from, Math.min(chunk, heldout - from));
        from += b.count();
        return b;
      }
    };
    long start = System.nanoTime();
    TokenizerQuality quality = TokenizerQuality.evaluate(tokenizer, batches);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "held-out %s; reconstructed at %.0f images/s%n", quality, heldout / seconds);
    if (out != null) {
      ImageBatch first = test.batch(0, Math.min(8, heldout));
      ImageBatch decoded = tokenizer.reconstruct(first).images();
      int s = tokenizer.config().imageSize();
      BufferedImage grid = new BufferedImage(s * 2 * first.count(), s, BufferedImage.TYPE_INT_RGB);
      for (int i = 0; i < first.count(); i++) {
        grid.getGraphics().drawImage(first.toBufferedImage(i), 2 * i * s, 0, null);
        grid.getGraphics().drawImage(decoded.toBufferedImage(i), (2 * i + 1) * s, 0, null);
      }
      ImageIO.write(grid, "png", Files.createDirectories(Path.of(out)).resolve("reconstructions.png").toFile());
    }
    return quality;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
