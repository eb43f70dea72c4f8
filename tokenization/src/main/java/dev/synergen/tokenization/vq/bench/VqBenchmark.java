package dev.synergen.tokenization.vq.bench;

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
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Trains a VQ tokenizer on shapes-like scenes within a wall-clock budget and prints held-out
 * PSNR, SSIM, codebook usage and perplexity: the issue-4 quality target, rerunnable.
 *
 * <pre>
 * java -cp ... dev.synergen.tokenization.vq.bench.VqBenchmark --minutes 10 [--preset small]
 *     [--images shapes-world|shapes-like]
 *     [--batch 32] [--train-images 20000] [--heldout 512] [--seed 1] [--out dir]
 *     [--base-channels N] [--multipliers 1,2,4] [--res-blocks N] [--code-dim N] [--codebook N]
 *     [--lr X] [--dead-threshold X] [--steps N]
 * </pre>
 */
public final class VqBenchmark {
  private VqBenchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = parse(args);
    VqConfig preset = switch (opts.getOrDefault("preset", "small")) {
      case "tiny" -> VqConfig.tiny();
      case "small" -> VqConfig.small();
      default -> throw new IllegalArgumentException("--preset must be tiny or small, got " + opts.get("preset"));
    };
    VqConfig config = new VqConfig(preset.imageSize(), preset.downsample(),
        intOpt(opts, "codebook", preset.codebookSize()), intOpt(opts, "code-dim", preset.codeDim()),
        intOpt(opts, "base-channels", preset.baseChannels()),
        opts.containsKey("multipliers")
            ? Arrays.stream(opts.get("multipliers").split(",")).map(Integer::valueOf).toList()
            : preset.channelMultipliers(),
        intOpt(opts, "res-blocks", preset.resBlocks()));
    double minutes = Double.parseDouble(opts.getOrDefault("minutes", "10"));
    int batchSize = intOpt(opts, "batch", 32);
    int trainImages = intOpt(opts, "train-images", 20000);
    int heldout = intOpt(opts, "heldout", 512);
    long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
    String source = opts.getOrDefault("images", "shapes-world");
    SceneImages train = scenes(source, config.imageSize(), seed);
    SceneImages test = scenes(source, config.imageSize(), seed + 1_000_003L);

    System.out.println("config " + config.toJson() + ", batch " + batchSize + ", train pool " + trainImages
        + ", held-out " + heldout + ", images " + source + ", budget " + minutes + " min, cores " + Runtime.getRuntime().availableProcessors());
    int steps = opts.containsKey("steps") ? Integer.parseInt(opts.get("steps"))
        : calibrateSteps(config, train, batchSize, minutes, seed);
    VqTrainingConfig defaults = VqTrainingConfig.defaults(steps, seed);
    VqTrainingConfig training = new VqTrainingConfig(floatOpt(opts, "lr", defaults.learningRate()),
        defaults.warmupSteps(), steps, defaults.minLearningRateRatio(), defaults.beta1(), defaults.beta2(),
        defaults.epsilon(), defaults.gradientClipNorm(), defaults.commitmentWeight(), defaults.emaDecay(),
        floatOpt(opts, "dead-threshold", defaults.deadCodeThreshold()), seed);
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
      evaluate(trainer.tokenizer(), test, heldout, opts.get("out"));
      if (opts.containsKey("out")) {
        trainer.save(Path.of(opts.get("out")).resolve("checkpoint"));
      }
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

  static void evaluate(VqTokenizer tokenizer, SceneImages test, int heldout, String out) throws IOException {
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
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  private static int intOpt(Map<String, String> opts, String key, int fallback) {
    return opts.containsKey(key) ? Integer.parseInt(opts.get(key)) : fallback;
  }

  private static float floatOpt(Map<String, String> opts, String key, float fallback) {
    return opts.containsKey(key) ? Float.parseFloat(opts.get(key)) : fallback;
  }
}
