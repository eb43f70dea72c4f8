package dev.synergen.tokenization.vq;

import dev.synergen.tokenization.TokenizationErrors;

/** How a set of codes uses the codebook: histogram, fraction of entries used, perplexity. */
public final class CodebookMetrics {
  private CodebookMetrics() {}

  /** Occurrences of each code in {@code [0, codebookSize)}; a code outside the range is an error. */
  public static long[] histogram(int[] codes, int codebookSize) {
    long[] counts = new long[codebookSize];
    for (int i = 0; i < codes.length; i++) {
      int c = codes[i];
      if (c < 0 || c >= codebookSize) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CODES_INVALID, "code " + c + " at position " + i + " is outside the codebook [0, " + codebookSize + ")");
      }
      counts[c]++;
    }
    return counts;
  }

  /** Fraction of codebook entries used at least once. */
  public static double usage(long[] histogram) {
    long used = 0;
    for (long c : histogram) {
      if (c > 0) {
        used++;
      }
    }
    return (double) used / histogram.length;
  }

  /**
   * exp(H) of the code distribution, H the entropy in nats: the number of equally likely codes
   * that would be as uncertain; it equals the codebook size when every code is used equally.
   */
  public static double perplexity(long[] histogram) {
    long total = 0;
    for (long c : histogram) {
      total += c;
    }
    if (total == 0) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CODES_INVALID, "perplexity of an empty histogram is undefined; pass at least one code");
    }
    double entropy = 0;
    for (long c : histogram) {
      if (c > 0) {
        double p = (double) c / total;
        entropy -= p * Math.log(p);
      }
    }
    return Math.exp(entropy);
  }
}
