package dev.synergen.tokenization.nn;

import dev.synergen.tokenization.TokenizationErrors;

/** AdamW hyper-parameters; {@link #paper()} gives SynerGen-VL's (0.9, 0.95, eps 1e-8, weight decay 0.05). */
public record AdamWConfig(double beta1, double beta2, double eps, double weightDecay) {
  public AdamWConfig {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw TokenizationErrors.error(TokenizationErrors.OPTIMIZER_CONFIG_INVALID, "betas must be in [0, 1), got "
          + beta1 + ", " + beta2);
    }
    if (!(eps > 0) || !(weightDecay >= 0)) {
      throw TokenizationErrors.error(TokenizationErrors.OPTIMIZER_CONFIG_INVALID, "eps must be > 0 and weightDecay"
          + " >= 0, got " + eps + ", " + weightDecay);
    }
  }

  public static AdamWConfig paper() {
    return new AdamWConfig(0.9, 0.95, 1e-8, 0.05);
  }

  public AdamWConfig withWeightDecay(double wd) {
    return new AdamWConfig(beta1, beta2, eps, wd);
  }
}
