package dev.synergen.tokenization.ingest;

/**
 * Caption length limits, counted in Unicode code points after trimming and NFC normalisation.
 *
 * @param minChars shortest accepted caption (at least 1: empty captions are always refused)
 * @param maxChars longest accepted caption
 */
public record CaptionConfig(int minChars, int maxChars) implements java.io.Serializable {
  public CaptionConfig {
    if (minChars < 1) {
      throw new IllegalArgumentException("caption minChars must be >= 1, got " + minChars);
    }
    if (maxChars < minChars) {
      throw new IllegalArgumentException("caption maxChars must be >= minChars (" + minChars + "), got " + maxChars);
    }
  }

  public static CaptionConfig defaults() {
    return new CaptionConfig(1, 1000);
  }
}
