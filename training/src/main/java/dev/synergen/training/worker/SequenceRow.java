package dev.synergen.training.worker;

import java.util.Arrays;

/**
 * One row of {@code sequences} as a worker trains on it: unified ids and loss mask, and its place
 * in the epoch's order. Rows are checked when batched, so a malformed row becomes a reject.
 */
public record SequenceRow(String seqId, int[] tokens, boolean[] lossMask, EpochPosition position) {

  /** Image-text samples in the row: each starts with BOS, several share a row in pack mode. */
  public int samples(int bos) {
    int n = 0;
    for (int t : tokens) {
      if (t == bos) {
        n++;
      }
    }
    return n;
  }

  /**
   * The row without its tail of {@code pad} ids that carry no loss: padding the packer added to
   * reach the context length changes no earlier logit (attention is causal), so dropping it is
   * exact and saves the compute.
   */
  public static SequenceRow trimmed(String seqId, int[] tokens, boolean[] mask, int pad, EpochPosition position) {
    if (tokens.length != mask.length) {
      return new SequenceRow(seqId, tokens, mask, position);
    }
    int n = tokens.length;
    while (n > 1 && tokens[n - 1] == pad && !mask[n - 1]) {
      n--;
    }
    return n == tokens.length ? new SequenceRow(seqId, tokens, mask, position)
        : new SequenceRow(seqId, Arrays.copyOf(tokens, n), Arrays.copyOf(mask, n), position);
  }
}
