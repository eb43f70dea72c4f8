package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Per-call inputs shared by every attention layer: rotary tables for the new positions and one
 * additive mask (causal, plus optional key padding for left-padded batches such as the CFG
 * streams), built once on the host.
 */
public final class AttentionContext {
  /** Additive mask value: large but finite so fully masked rows never produce NaN. */
  static final float MASKED = -1e9f;

  private final RotaryEmbedding rope;
  private final NDArray mask;
  private final int pastLength;
  private final int length;

  private AttentionContext(RotaryEmbedding rope, NDArray mask, int pastLength, int length) {
    this.rope = rope;
    this.mask = mask;
    this.pastLength = pastLength;
    this.length = length;
  }

  /**
   * Context for {@code length} new positions after {@code pastLength} cached ones. {@code keyValid}
   * (B x (past+length), nullable) marks real keys; false keys (padding) are never attended to.
   */
  public static AttentionContext causal(NDManager manager, DataType dtype, int headDim, double theta, int pastLength,
      int length, boolean[][] keyValid) {
    int keys = pastLength + length;
    RotaryEmbedding rope = RotaryEmbedding.of(manager, dtype, headDim, theta, pastLength, length);
    NDArray mask;
    if (keyValid == null) {
      float[] m = new float[length * keys];
      for (int i = 0; i < length; i++) {
        for (int j = pastLength + i + 1; j < keys; j++) {
          m[i * keys + j] = MASKED;
        }
      }
      // (T, S) broadcasts over (B, nkv, g, T, S)
      mask = manager.create(m, new Shape(length, keys));
    } else {
      int batch = keyValid.length;
      float[] m = new float[batch * length * keys];
      for (int b = 0; b < batch; b++) {
        if (keyValid[b].length != keys) {
          throw new IllegalArgumentException("keyValid row " + b + " has " + keyValid[b].length + " entries, expected "
              + keys);
        }
        for (int i = 0; i < length; i++) {
          int base = (b * length + i) * keys;
          for (int j = 0; j < keys; j++) {
            if (j > pastLength + i || !keyValid[b][j]) {
              m[base + j] = MASKED;
            }
          }
        }
      }
      mask = manager.create(m, new Shape(batch, 1, 1, length, keys));
    }
    return new AttentionContext(rope, mask.toType(dtype, false), pastLength, length);
  }

  RotaryEmbedding rope() {
    return rope;
  }

  NDArray mask() {
    return mask;
  }

  int pastLength() {
    return pastLength;
  }

  int length() {
    return length;
  }
}
