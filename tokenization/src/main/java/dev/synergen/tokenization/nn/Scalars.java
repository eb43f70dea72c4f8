package dev.synergen.tokenization.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant inside the autograd graph. Never call {@code NDArray.mul(Number)} or
 * {@code div(Number)} on an array that requires gradients: DJL 0.36 (PyTorch engine) turns the
 * number into a 0-dim tensor with {@code torch::from_blob} over a Java direct ByteBuffer and closes
 * it right after the op, but MulBackward0 / DivBackward0 keep that tensor for the backward pass.
 * When the JVM collects garbage in between, the buffer's Cleaner frees it and backward scales the
 * gradient by whatever bytes the allocator left there (the intermittent TRAINING_LOSS_NOT_FINITE).
 * The operands made here are allocated by libtorch and attached to the input's manager.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code x * value}, safe to back-propagate through. */
  public static NDArray mul(NDArray x, double value) {
    return x.mul(of(x, value));
  }

  /** {@code x / value}, safe to back-propagate through. */
  public static NDArray div(NDArray x, double value) {
    return x.div(of(x, value));
  }

  /** A 0-dim array of {@code like}'s dtype, device and manager whose memory libtorch owns. */
  public static NDArray of(NDArray like, double value) {
    NDManager m = like.getManager();
    if (like.getDataType() != DataType.FLOAT64) {
      return m.full(new Shape(), (float) value, like.getDataType()); // torch::full
    }
    try (NDArray host = m.create(value)) { // from_blob over a Java buffer...
      return host.duplicate(); // ...cloned into libtorch memory (toType(.., true) would alias it)
    }
  }
}
