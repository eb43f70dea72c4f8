package dev.synergen.training.generate;

import dev.synergen.training.TrainingErrors;

/**
 * Text-to-image settings: classifier-free guidance scale ({@code logits = uncond + s (cond -
 * uncond)}; 1 disables the UNCOND stream), code sampling, the seed, and the guidance plausibility
 * threshold (0 = the paper's plain guidance; p > 0 guides only codes whose conditional probability
 * is at least p times the most likely code's, see {@link ImageGenerator}).
 */
public record GenerationConfig(double guidanceScale, SamplingConfig sampling, long seed, double plausibility) {
  public static final double DEFAULT_GUIDANCE = 7.5;

  public GenerationConfig {
    if (!(guidanceScale >= 0) || sampling == null) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "guidance scale must be >= 0 and sampling set; got " + guidanceScale);
    }
    if (!(plausibility >= 0 && plausibility < 1)) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "guidance plausibility must be in [0, 1); got "
          + plausibility);
    }
  }

  /** Plain classifier-free guidance, as the paper samples. */
  public GenerationConfig(double guidanceScale, SamplingConfig sampling, long seed) {
    this(guidanceScale, sampling, seed, 0);
  }

  public static GenerationConfig defaults(long seed) {
    return new GenerationConfig(DEFAULT_GUIDANCE, SamplingConfig.standard(), seed);
  }

  public boolean guided() {
    return guidanceScale != 1.0;
  }
}
