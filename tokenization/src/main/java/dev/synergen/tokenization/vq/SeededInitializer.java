package dev.synergen.tokenization.vq;

import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Initial weights from a Java generator seeded by (seed, parameter name), so a tokenizer is the
 * same on every machine and thread, whatever else uses libtorch's global generator.
 */
final class SeededInitializer {
  private SeededInitializer() {}

  static void initialize(Map<String, Parameter> parameters, long seed) {
    parameters.forEach((name, p) -> {
      long[] shape = p.getArray().getShape().getShape();
      float[] values = new float[Math.toIntExact(p.getArray().size())];
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
      if (name.endsWith(".weight") && shape.length == 4) {
        // PyTorch's default for convolutions: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        double bound = 1.0 / Math.sqrt((double) shape[1] * shape[2] * shape[3]);
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) random.nextDouble(-bound, bound);
        }
      } else if (name.endsWith("quantizer.codebook")) {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) random.nextDouble(-1.0 / shape[0], 1.0 / shape[0]);
        }
      }
      // biases and the EMA statistics start at zero
      p.getArray().set(values);
    });
  }
}
