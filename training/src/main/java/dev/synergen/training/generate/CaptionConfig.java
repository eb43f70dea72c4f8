package dev.synergen.training.generate;

import dev.synergen.training.TrainingErrors;

/** Image-to-text settings: at most {@code maxTokens} generated ids, sampling (greedy by default), seed. */
public record CaptionConfig(int maxTokens, SamplingConfig sampling, long seed) {
  public CaptionConfig {
    if (maxTokens < 1 || sampling == null) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "maxTokens must be >= 1 and sampling set; got " + maxTokens);
    }
  }

  public static CaptionConfig greedy(int maxTokens) {
    return new CaptionConfig(maxTokens, SamplingConfig.greedy(), 0);
  }
}
