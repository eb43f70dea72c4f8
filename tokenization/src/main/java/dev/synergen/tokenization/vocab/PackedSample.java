package dev.synergen.tokenization.vocab;

import java.util.Arrays;

/**
 * One training sample in the unified vocabulary: its tokens, which of them carry loss, and its
 * task ({@value #T2I}, {@value #I2T} or {@value #TEXT}).
 */
public record PackedSample(String task, int[] tokens, boolean[] lossMask) {
  public static final String T2I = "t2i";
  public static final String I2T = "i2t";
  /** A text-only language-model sample (a window of a {@code text_docs} document). */
  public static final String TEXT = "text";

  public PackedSample {
    if (tokens.length != lossMask.length) {
      throw new IllegalArgumentException("tokens (" + tokens.length + ") and loss mask (" + lossMask.length
          + ") differ in length");
    }
  }

  public int length() {
    return tokens.length;
  }

  @Override
  public String toString() {
    return task + Arrays.toString(tokens) + " loss " + Arrays.toString(lossMask);
  }
}
