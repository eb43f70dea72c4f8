package dev.synergen.jobs;

import dev.synergen.training.generate.CaptionConfig;
import dev.synergen.training.generate.SamplingConfig;
import dev.synergen.training.generate.SynerGenPipeline;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synergen caption}: an image to its caption with a trained checkpoint; no Spark. */
@Command(name = "caption", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Caption an image with a checkpoint of synergen train and print the caption. The image (JPEG, PNG, "
        + "GIF, BMP or WebP of any size) is prepared exactly as corpus images are: decoded to sRGB, centre-cropped "
        + "and resampled to the tokenizer's resolution, then encoded to codes by the VQ tokenizer the checkpoint "
        + "records. Greedy by default; --sampled draws each token with --seed.", ""})
final class CaptionCommand implements Callable<Integer> {
  @Mixin CheckpointOptions model;
  @Mixin SamplingOptions sampling;

  @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image to caption.")
  Path image;

  @Option(names = "--sampled", description = "Sample the caption (with --temperature, --top-k, --top-p, --seed) instead of taking the most "
          + "likely token each time.")
  boolean sampled;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of --sampled (default: 0).")
  long seed;

  @Option(names = "--max-tokens", defaultValue = "48", paramLabel = "N",
      description = "Longest caption in text tokens (default: 48).")
  int maxTokens;

  @Override
  public Integer call() throws Exception {
    CaptionConfig cfg = new CaptionConfig(maxTokens, sampled ? sampling.config() : SamplingConfig.greedy(), seed);
    try (SynerGenPipeline pipeline = model.open()) {
      System.out.println(pipeline.caption(image, cfg));
    }
    return 0;
  }
}
