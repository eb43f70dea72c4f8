package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of past positions, one entry per attention layer, for incremental decoding.
 * The arrays live in the cache's own manager; each append replaces (and frees) the previous ones.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  public KvCache(NDManager parent, int layers) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Positions already cached. */
  public int length() {
    return length;
  }

  /** Number of positions added by the step that just finished; called once per model step. */
  void advance(int steps) {
    length += steps;
  }

  /** Appends (B, nkv, T, hs) keys and values of layer {@code i}; returns the full (B, nkv, S, hs) pair. */
  NDArray[] append(int layer, NDArray k, NDArray v) {
    NDArray fullK = keys[layer] == null ? k.duplicate() : keys[layer].concat(k, 2);
    NDArray fullV = values[layer] == null ? v.duplicate() : values[layer].concat(v, 2);
    fullK.attach(manager);
    fullV.attach(manager);
    if (keys[layer] != null) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = fullK;
    values[layer] = fullV;
    return new NDArray[] {fullK, fullV};
  }

  /**
   * Continues every cached stream as {@code times} streams sharing its past: stream {@code b}
   * becomes streams {@code b * times} to {@code b * times + times - 1}.
   */
  public void branch(int times) {
    if (times < 1) {
      throw new IllegalArgumentException("a stream branches into at least 1, got " + times);
    }
    for (int layer = 0; layer < keys.length; layer++) {
      if (keys[layer] == null) {
        continue;
      }
      // repeat along the batch axis is repeat_interleave: copies of a stream stay together
      NDArray k = keys[layer].repeat(0, times);
      NDArray v = values[layer].repeat(0, times);
      k.attach(manager);
      v.attach(manager);
      keys[layer].close();
      values[layer].close();
      keys[layer] = k;
      values[layer] = v;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
