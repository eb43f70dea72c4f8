package dev.synergen.jobs;

import dev.synergen.training.generate.CaptionConfig;
import dev.synergen.training.generate.SamplingConfig;
import dev.synergen.training.generate.SynerGenPipeline;
import dev.synergen.training.train.TrainDevice;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen caption}: an image to its caption with a trained checkpoint; no Spark. */
@Command(name = "caption", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Caption an image with a checkpoint of synergen train and print the caption. The image (JPEG, PNG, "
        + "GIF, BMP or WebP of any size) is prepared exactly as corpus images are: decoded to sRGB, centre-cropped "
        + "and resampled to the tokenizer's resolution, then encoded to codes by the VQ tokenizer the checkpoint "
        + "records. Greedy by default; --sampled draws each token with --seed.", ""})
final class CaptionCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
      description = "A step-NNNNNNN checkpoint directory, or a train --output directory (its newest checkpoint).")
  Path checkpoint;

  @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image to caption.")
  Path image;

  @Option(names = "--sampled", description = "Sample the caption instead of taking the most likely token each time.")
  boolean sampled;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of --sampled (default: 0).")
  long seed;

  @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
      description = "Temperature of --sampled (default: 1.0).")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
      description = "With --sampled, sample among the K most likely tokens; 0 = all (default: 0).")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
      description = "With --sampled, nucleus sampling threshold (default: 1.0 = off).")
  double topP;

  @Option(names = "--max-tokens", defaultValue = "48", paramLabel = "N",
      description = "Longest caption in text tokens (default: 48).")
  int maxTokens;

  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "Tokenizer directory, when it moved from where the checkpoint records it (versions are checked).")
  Path tokenizer;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV",
      description = "auto (first GPU, else CPU), cpu, gpu or gpu:N (default: auto).")
  String device;

  @Override
  public Integer call() throws Exception {
    SamplingConfig sampling = sampled ? new SamplingConfig(temperature, topK, topP) : SamplingConfig.greedy();
    CaptionConfig cfg = new CaptionConfig(maxTokens, sampling, seed);
    try (SynerGenPipeline pipeline = SynerGenPipeline.open(checkpoint, tokenizer, TrainDevice.resolve(device))) {
      System.out.println(pipeline.caption(image, cfg));
    }
    return 0;
  }
}
