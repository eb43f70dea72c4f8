package dev.synergen.jobs;

import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.training.generate.SynerGenPipeline;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that load a trained checkpoint (no Spark): where it is, its tokenizers, the device. */
final class CheckpointOptions {
  @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
      description = "A step-NNNNNNN checkpoint directory, or a train --output directory (its newest checkpoint).")
  Path checkpoint;

  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "Tokenizer directory, when it moved from where the checkpoint records it (versions are checked).")
  Path tokenizer;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV",
      description = "auto (first GPU, else CPU), cpu, gpu or gpu:N (default: auto).")
  String device;

  SynerGenPipeline open() throws IOException {
    return SynerGenPipeline.open(checkpoint, tokenizer, TaskDevice.resolve(device));
  }
}
