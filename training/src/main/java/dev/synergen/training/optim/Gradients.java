package dev.synergen.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.synergen.training.model.ModelParameter;
import java.util.List;

/**
 * Gradient housekeeping. DJL 0.36's PyTorch GradientCollector accumulates into {@code .grad}
 * across backward passes and never clears it, so every step must zero explicitly.
 */
public final class Gradients {
  private Gradients() {}

  /** Sets the gradient of every trainable parameter to zero (frozen ones have none). */
  public static void zero(List<ModelParameter> parameters) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (ModelParameter p : parameters) {
        NDArray a = p.array();
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
  public static float[] toFloats(ModelParameter p) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray a = p.array();
      if (!a.hasGradient()) {
        return new float[(int) p.size()];
      }
      return a.getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
  }

  /** Global L2 norm of the trainable gradients. */
  public static double globalNorm(List<ModelParameter> parameters) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray sum = null;
      for (ModelParameter p : parameters) {
        if (!p.array().hasGradient()) {
          continue;
        }
        NDArray s = p.array().getGradient().square().sum();
        sum = sum == null ? s : sum.add(s);
      }
      return sum == null ? 0 : Math.sqrt(sum.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
    }
  }

  /** Scales gradients so their global norm is at most {@code maxNorm}; returns the norm before clipping. */
  public static double clipGlobalNorm(List<ModelParameter> parameters, double maxNorm) {
    double norm = globalNorm(parameters);
    if (norm > maxNorm && norm > 0) {
      double factor = maxNorm / norm;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        for (ModelParameter p : parameters) {
          if (p.array().hasGradient()) {
            p.array().getGradient().muli(factor);
          }
        }
      }
    }
    return norm;
  }
}
