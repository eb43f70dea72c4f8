package dev.synergen.training.worker;

/**
 * DiLoCo's outer step (Douillard et al. 2023): SGD with Nesterov momentum on the averaged
 * pseudo-gradient {@code delta = global - mean(local)}, in PyTorch's formulation
 * {@code b = mu b + delta; global -= lr (delta + mu b)}. With lr 1 and mu 0 the new global weights
 * are exactly the mean of the workers' local weights.
 */
public final class OuterOptimizer {
  private OuterOptimizer() {}

  /** Updates {@code global} and {@code momentum} in place from {@code meanDelta}. */
  public static void step(float[] global, float[] meanDelta, float[] momentum, double lr, double mu) {
    if (global.length != meanDelta.length || global.length != momentum.length) {
      throw new IllegalArgumentException("outer step needs equal lengths, got " + global.length + ", "
          + meanDelta.length + ", " + momentum.length);
    }
    for (int i = 0; i < global.length; i++) {
      double b = mu * momentum[i] + meanDelta[i];
      momentum[i] = (float) b;
      global[i] = (float) (global[i] - lr * (meanDelta[i] + mu * b));
    }
  }
}
