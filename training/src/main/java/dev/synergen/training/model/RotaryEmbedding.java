package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in the "rotate half" layout of Hugging Face Llama and InternLM2, so
 * imported q/k projections need no permutation. Tables are computed on the host per call: they
 * are tiny and this keeps no device state.
 */
public final class RotaryEmbedding {
  private final NDArray cos;
  private final NDArray sin;
  private final int half;

  private RotaryEmbedding(NDArray cos, NDArray sin, int half) {
    this.cos = cos;
    this.sin = sin;
    this.half = half;
  }

  /** Tables (T, hs) for positions {@code start .. start+length-1}. */
  public static RotaryEmbedding of(NDManager manager, DataType dtype, int headDim, double theta, int start, int length) {
    int half = headDim / 2;
    double[] c = new double[length * headDim];
    double[] s = new double[length * headDim];
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < half; i++) {
        double angle = (start + t) / Math.pow(theta, (2.0 * i) / headDim);
        c[t * headDim + i] = c[t * headDim + i + half] = Math.cos(angle);
        s[t * headDim + i] = s[t * headDim + i + half] = Math.sin(angle);
      }
    }
    Shape shape = new Shape(length, headDim);
    return new RotaryEmbedding(manager.create(c, shape).toType(dtype, false),
        manager.create(s, shape).toType(dtype, false), half);
  }

  /** Rotates x of shape (..., T, hs). */
  public NDArray apply(NDArray x) {
    NDArray x1 = x.get(new NDIndex("..., :" + half));
    NDArray x2 = x.get(new NDIndex("..., " + half + ":"));
    NDArray rotated = x2.neg().concat(x1, -1);
    return x.mul(cos).add(rotated.mul(sin));
  }
}
