package dev.synergen.training.generate;

import dev.synergen.training.TrainingErrors;

/**
 * Text-to-image settings: classifier-free guidance scale ({@code logits = uncond + s (cond -
 * uncond)}; 1 disables the UNCOND stream), code sampling and the seed.
 */
public record GenerationConfig(double guidanceScale, SamplingConfig sampling, long seed) {
  public static final double DEFAULT_GUIDANCE = 7.5;

  public GenerationConfig {
    if (!(guidanceScale >= 0) || sampling == null) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "guidance scale must be >= 0 and sampling set; got " + guidanceScale);
    }
  }

  public static GenerationConfig defaults(long seed) {
    return new GenerationConfig(DEFAULT_GUIDANCE, SamplingConfig.standard(), seed);
  }

  public boolean guided() {
    return guidanceScale != 1.0;
  }
}
