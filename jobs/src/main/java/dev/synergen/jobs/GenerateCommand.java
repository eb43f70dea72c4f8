package dev.synergen.jobs;

import dev.synergen.training.generate.GenerationConfig;
import dev.synergen.training.generate.ImageFiles;
import dev.synergen.training.generate.SynerGenPipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synergen generate}: text to PNG images with a trained checkpoint; no Spark. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Generate images from a text prompt with a checkpoint of synergen train: the LLM runs once per "
        + "folded window and the unfolding head samples the window's codes, with classifier-free guidance "
        + "(logits = uncond + s (cond - uncond)); the VQ tokenizer the checkpoint records decodes the codes to pixels.",
        "--count N writes FILE-0.png ... FILE-(N-1).png; image i samples with its own stream of --seed, so the same "
            + "seed gives the same images.", ""})
final class GenerateCommand implements Callable<Integer> {
  @Mixin CheckpointOptions model;
  @Mixin SamplingOptions sampling;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "What the image should show.")
  String prompt;

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
  Path out;

  @Option(names = "--count", defaultValue = "1", paramLabel = "N", description = "Images to generate (default: 1).")
  int count;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Sampling seed (default: 0).")
  long seed;

  @Option(names = "--cfg-scale", defaultValue = "7.5", paramLabel = "S",
      description = "Classifier-free guidance scale; 1 turns guidance off (default: 7.5, the paper's).")
  double cfgScale;

  @Option(names = "--cfg-plausibility", defaultValue = "0", paramLabel = "P",
      description = "Guide only codes at least P times as likely as the best one under the prompt (contrastive "
          + "decoding's rule); keeps a well-fitted model from sampling untrained tail codes at high --cfg-scale. "
          + "0 = plain guidance, as the paper (default: 0).")
  double cfgPlausibility;

  @Override
  public Integer call() throws Exception {
    String name = out.getFileName().toString();
    if (!name.toLowerCase(Locale.ROOT).endsWith(".png") || name.length() <= 4) {
      throw new IllegalArgumentException("--out must name a .png file, got '" + out + "'");
    }
    if (count < 1) {
      throw new IllegalArgumentException("--count must be >= 1, got " + count);
    }
    GenerationConfig cfg = new GenerationConfig(cfgScale, sampling.config(), seed, cfgPlausibility);
    try (SynerGenPipeline pipeline = model.open()) {
      if (!pipeline.covers(prompt)) {
        System.err.println("synergen generate: warning: parts of the prompt are outside the model's text vocabulary"
            + " and were replaced by UNK");
      }
      long start = System.nanoTime();
      List<BufferedImage> images = pipeline.generateImage(prompt, count, cfg);
      double seconds = (System.nanoTime() - start) / 1e9;
      for (int i = 0; i < images.size(); i++) {
        Path file = count == 1 ? out : out.resolveSibling(name.substring(0, name.length() - 4) + "-" + i + ".png");
        ImageFiles.writePng(images.get(i), file);
        System.out.printf(Locale.ROOT, "wrote %s (%dx%d)%n", file, images.get(i).getWidth(), images.get(i).getHeight());
      }
      System.out.printf(Locale.ROOT, "%d image(s) from %s in %.2f s%n", count, pipeline.checkpoint(), seconds);
    }
    return 0;
  }
}
