package dev.synergen.training.model;

import dev.synergen.tokenization.nn.SeededInitializer;

/** How a parameter starts: normal(0, std) for weights, ones for norm gains, zeros for biases. */
public record Init(Kind kind, double std) {
  /** The distribution family. */
  public enum Kind { NORMAL, ONES, ZEROS }

  /** GPT-2 / Llama style: 0.02 for every weight matrix and embedding. */
  public static final double BASE_STD = 0.02;

  public static Init normal(double std) {
    return new Init(Kind.NORMAL, std);
  }

  public static Init ones() {
    return new Init(Kind.ONES, 0);
  }

  public static Init zeros() {
    return new Init(Kind.ZEROS, 0);
  }

  /** The seeded initializer of parameter {@code name} of a model seeded with {@code modelSeed}. */
  public SeededInitializer initializer(long modelSeed, String name) {
    return switch (kind) {
      case NORMAL -> SeededInitializer.normal(std, modelSeed, name);
      case ONES -> SeededInitializer.ones();
      case ZEROS -> SeededInitializer.zeros();
    };
  }

  /** Residual output projections shrink with depth so the residual stream's variance stays bounded. */
  public static Init residualOut(int depth) {
    return normal(BASE_STD / Math.sqrt(2.0 * Math.max(1, depth)));
  }
}
