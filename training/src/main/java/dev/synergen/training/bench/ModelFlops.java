package dev.synergen.training.bench;

import dev.synergen.training.model.CausalSelfAttention;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SequenceBatch;

/**
 * Model FLOPs of one training step (matmuls only, multiply-add = 2 FLOPs, backward = 2x forward),
 * counted over the positions the implementation actually computes (padded positions included) and the
 * attention scores it computes: T x T up to {@link CausalSelfAttention#queryBlock()} queries, above
 * that each block of queries against the keys up to its last query.
 */
public final class ModelFlops {
  private ModelFlops() {}

  public static double trainingStep(ModelConfig c, SequenceBatch batch) {
    return 3 * forward(c, batch);
  }

  public static double forward(ModelConfig c, SequenceBatch batch) {
    double d = c.hidden();
    double positions = (double) batch.batchSize() * batch.length();
    double llm = c.layers() * positions * layer(c, d, attendedKeys(batch.length()), c.ffnHidden());
    double lm = 2 * d * c.textRows() * batch.textTargets();
    int m = c.grid().windowSize();
    double folding = batch.imagePositions() * 2 * (m * d * d + d * d);
    double headPositions = (double) batch.headWindows() * m;
    double head = c.headLayers() * headPositions * layer(c, d, m, c.headFfnHidden())
        + headPositions * 2 * d * c.grid().codebookSize();
    return llm + lm + folding + head;
  }

  /**
   * Forward FLOPs of generating one image with classifier-free guidance (two streams) and KV caches:
   * the prompt's prefill, one LLM step per window after the first (its codes folded into one
   * position), and the unfolding head's steps within each window.
   */
  public static double generation(ModelConfig c, int promptTokens) {
    double d = c.hidden();
    int m = c.grid().windowSize();
    int windows = c.grid().windowsPerImage();
    double llm = c.layers() * promptTokens * layer(c, d, attendedKeys(promptTokens), c.ffnHidden());
    double folding = 2 * (m * d * d + d * d);
    for (int w = 1; w < windows; w++) {
      llm += folding + c.layers() * layer(c, d, promptTokens + w, c.ffnHidden());
    }
    double head = 0;
    for (int slot = 0; slot < m; slot++) {
      head += c.headLayers() * layer(c, d, slot + 1, c.headFfnHidden()) + 2 * d * c.grid().codebookSize();
    }
    return 2 * (llm + windows * head);
  }

  /** Keys each of {@code length} queries is multiplied with, on average, by the (blocked) causal attention. */
  static double attendedKeys(int length) {
    int block = CausalSelfAttention.queryBlock();
    if (block <= 0 || length <= block) {
      return length;
    }
    double total = 0;
    for (int from = 0; from < length; from += block) {
      int to = Math.min(length, from + block);
      total += (double) (to - from) * to;
    }
    return total / length;
  }

  /** Forward FLOPs of one decoder layer per position with {@code keys} attended keys. */
  private static double layer(ModelConfig c, double d, double keys, int ffn) {
    double projections = 2 * (2 * d * d + 2 * d * c.kvDim());
    double attention = 2 * 2 * keys * d;
    double ffnFlops = 2 * 3 * d * ffn;
    return projections + attention + ffnFlops;
  }
}
