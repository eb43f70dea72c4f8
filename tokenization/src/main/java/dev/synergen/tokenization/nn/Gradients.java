package dev.synergen.tokenization.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;

/**
 * Gradient housekeeping. DJL 0.36's PyTorch GradientCollector accumulates into {@code .grad}
 * across backward passes and never clears it, so every step must zero explicitly.
 */
public final class Gradients {
  private Gradients() {}

  /** Sets the gradient of every parameter that has one to zero (frozen ones have none). */
  public static void zero(Collection<Parameter> parameters) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Parameter p : parameters) {
        NDArray a = p.getArray();
        if (!a.hasGradient()) {
          continue;
        }
        if (a instanceof PtNDArray pt) {
          JniUtils.zeroGrad(pt);
        } else {
          NDArray g = a.getGradient();
          g.subi(g);
        }
      }
    }
  }

  /** A host copy of a parameter's gradient (zeros when it has none), for tests and pseudo-gradients. */
  public static float[] toFloats(Parameter p) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray a = p.getArray();
      if (!a.hasGradient()) {
        return new float[Math.toIntExact(a.size())];
      }
      return a.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  /** Global L2 norm of the gradients; NaN or infinite when any gradient is. */
  public static double globalNorm(Collection<Parameter> parameters) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      double sumOfSquares = 0;
      for (Parameter p : parameters) {
        if (!p.getArray().hasGradient()) {
          continue;
        }
        // one float32 pass per gradient, without the float64 copy of every gradient the norm took before
        // (it saves that memory; step time did not change measurably); float32 squares overflow for
        // entries above ~1e19, so only then is the norm taken again in float64
        NDArray g = p.getArray().getGradient();
        double n = g.norm().getFloat();
        if (Double.isInfinite(n)) {
          n = Math.sqrt(g.toType(DataType.FLOAT64, false).square().sum().getDouble());
        }
        sumOfSquares += n * n;
      }
      return Math.sqrt(sumOfSquares);
    }
  }

  /**
   * Scales gradients so their global norm is at most {@code maxNorm}; returns the norm before
   * clipping. A non-finite norm is returned without touching the gradients (the caller must not step).
   */
  public static double clipGlobalNorm(Collection<Parameter> parameters, double maxNorm) {
    double norm = globalNorm(parameters);
    if (Double.isFinite(norm) && norm > maxNorm && norm > 0) {
      double factor = maxNorm / norm;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        for (Parameter p : parameters) {
          if (p.getArray().hasGradient()) {
            p.getArray().getGradient().muli(factor);
          }
        }
      }
    }
    return norm;
  }
}
