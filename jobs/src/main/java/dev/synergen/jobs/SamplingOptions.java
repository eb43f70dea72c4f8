package dev.synergen.jobs;

import dev.synergen.training.generate.SamplingConfig;
import picocli.CommandLine.Option;

/** Temperature, top-k and top-p of the commands that sample tokens. */
final class SamplingOptions {
  @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
      description = "Sampling temperature; 0 picks the most likely token (default: 1.0).")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
      description = "Sample among the K most likely tokens; 0 = all (default: 0).")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
      description = "Nucleus sampling: the smallest set of tokens with probability >= P (default: 1.0 = off).")
  double topP;

  SamplingConfig config() {
    return new SamplingConfig(temperature, topK, topP);
  }
}
