package dev.synergen.tokenization.pack;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.TokenizationErrors;

/**
 * Settings of {@code synergen pack}.
 *
 * @param imageTokenizer directory of the VQ tokenizer whose rows of {@code tokenized_pairs} are packed
 * @param textTokenizer the text tokenizer of those rows (a remap file or an LLM tokenizer directory)
 * @param contextLength tokens per sequence; longer samples are rejected, never truncated
 * @param t2iFraction share of pairs that become generation (t2i) samples; the rest are i2t
 * @param captionDropout share of t2i samples whose caption is replaced by UNCOND (classifier-free guidance)
 * @param mode {@code pad}: one sample per sequence; {@code pack}: consecutive samples of the same
 *     split and task share a sequence
 * @param packBuckets for {@code pack}: hash buckets per split and task, the unit of packing (and of parallelism)
 * @param seed drives the per-pair task and dropout draws, which are pure functions of (seed, pair_id)
 * @param rowsPerCommit samples per Delta commit (about: batches are hash buckets of the pair, or in
 *     {@code pack} mode of whole packing buckets, so a batch never splits the samples of a sequence)
 * @param faults deliberate failures for crash drills
 */
public record PackConfig(Lakehouse lakehouse, String imageTokenizer, String textTokenizer, int contextLength,
    double t2iFraction, double captionDropout, String mode, int packBuckets, long seed, int rowsPerCommit,
    FaultPlan faults) {
  /** Rows per commit unless configured: a crash loses at most this many samples' packing. */
  public static final int DEFAULT_ROWS_PER_COMMIT = 200_000;

  public PackConfig(Lakehouse lakehouse, String imageTokenizer, String textTokenizer, int contextLength,
      double t2iFraction, double captionDropout, String mode, int packBuckets, long seed) {
    this(lakehouse, imageTokenizer, textTokenizer, contextLength, t2iFraction, captionDropout, mode, packBuckets, seed,
        DEFAULT_ROWS_PER_COMMIT, FaultPlan.none());
  }

  public PackConfig {
    if (contextLength < 8) {
      throw TokenizationErrors.error(TokenizationErrors.PACK_CONFIG_INVALID, "contextLength must be >= 8, got " + contextLength);
    }
    if (!(t2iFraction >= 0 && t2iFraction <= 1)) {
      throw TokenizationErrors.error(TokenizationErrors.PACK_CONFIG_INVALID, "t2iFraction must be in [0, 1], got " + t2iFraction);
    }
    if (!(captionDropout >= 0 && captionDropout <= 1)) {
      throw TokenizationErrors.error(TokenizationErrors.PACK_CONFIG_INVALID, "captionDropout must be in [0, 1] (the paper uses 0.1), got "
          + captionDropout);
    }
    if (!mode.equals("pad") && !mode.equals("pack")) {
      throw TokenizationErrors.error(TokenizationErrors.PACK_CONFIG_INVALID, "mode must be 'pad' or 'pack', got '" + mode + "'");
    }
    if (packBuckets < 1) {
      throw TokenizationErrors.error(TokenizationErrors.PACK_CONFIG_INVALID, "packBuckets must be >= 1, got " + packBuckets);
    }
    if (rowsPerCommit < 1) {
      throw TokenizationErrors.error(TokenizationErrors.PACK_CONFIG_INVALID, "rowsPerCommit must be >= 1, got "
          + rowsPerCommit);
    }
    faults = faults == null ? FaultPlan.none() : faults;
  }

  /** What makes two runs produce the same sequences; part of every sequence id. */
  public String fingerprint() {
    return contextLength + "|" + t2iFraction + "|" + captionDropout + "|" + mode + "|" + packBuckets + "|" + seed;
  }
}
