package dev.synergen.tokenization.ingest;

/**
 * Deterministic train/val/test assignment from a SHA-256 hex digest: the first 52 bits of the
 * digest are a uniform integer, compared with integer thresholds, so the split of a record is the
 * same on every run and machine and independent of what else is in the corpus.
 */
public record HashSplit(double train, double val, double test) implements java.io.Serializable {
  public static final String TRAIN = "train";
  public static final String VAL = "val";
  public static final String TEST = "test";

  private static final long BUCKETS = 1L << 52;
  private static final int HEX_DIGITS = 13; // 13 * 4 = 52 bits

  public HashSplit {
    if (!(train >= 0) || !(val >= 0) || !(test >= 0)) {
      throw new IllegalArgumentException("split fractions must be >= 0, got train=" + train + " val=" + val
          + " test=" + test);
    }
    if (Math.abs(train + val + test - 1.0) > 1e-9) {
      throw new IllegalArgumentException("split fractions must sum to 1, got train=" + train + " val=" + val
          + " test=" + test + " (sum " + (train + val + test) + ")");
    }
  }

  /** 98% / 1% / 1%: held-out sets large enough for evaluation on corpora of 10k+ pairs. */
  public static HashSplit defaults() {
    return new HashSplit(0.98, 0.01, 0.01);
  }

  /** The split of the record whose hash is {@code sha256Hex} (at least 13 hex digits are used). */
  public String assign(String sha256Hex) {
    if (sha256Hex.length() < HEX_DIGITS) {
      throw new IllegalArgumentException("split key must be a hex digest of >= " + HEX_DIGITS + " digits, got '"
          + sha256Hex + "'");
    }
    long bucket = Long.parseLong(sha256Hex.substring(0, HEX_DIGITS), 16);
    long trainEnd = Math.round(train * BUCKETS);
    long valEnd = test == 0 ? BUCKETS : Math.round((train + val) * BUCKETS);
    if (bucket < trainEnd && train > 0) {
      return TRAIN;
    }
    return bucket < valEnd && val > 0 ? VAL : TEST;
  }
}
