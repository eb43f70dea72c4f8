package dev.synergen.training.generate;

import dev.synergen.training.TrainingErrors;

/**
 * Token sampling: temperature (0 = greedy argmax), top-k (0 = off) and nucleus top-p (1 = off).
 */
public record SamplingConfig(double temperature, int topK, double topP) {
  public SamplingConfig {
    if (!(temperature >= 0) || topK < 0 || !(topP > 0 && topP <= 1)) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "sampling needs temperature >= 0, topK >= 0 and 0 < topP <= 1; got "
          + temperature + ", " + topK + ", " + topP);
    }
  }

  public static SamplingConfig greedy() {
    return new SamplingConfig(0, 0, 1);
  }

  /** LlamaGen's image defaults: temperature 1, top-k 0 (all), top-p 1. */
  public static SamplingConfig standard() {
    return new SamplingConfig(1.0, 0, 1.0);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }
}
