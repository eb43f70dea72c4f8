package dev.synergen.tokenization.image;

/**
 * Limits and normalisation for ingested images.
 *
 * @param maxPixels images whose header declares more pixels are refused before decoding
 * @param maxSide the normalised image is downscaled (aspect kept) so its longer side is at most
 *     this; 0 keeps the decoded size
 */
public record ImageConfig(long maxPixels, int maxSide) implements java.io.Serializable {
  /** 40 megapixels covers 8K photos; a decoded image of that size already takes 160 MB of heap. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
  public static final int DEFAULT_MAX_SIDE = 1024;

  public ImageConfig {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
    }
    if (maxSide < 0) {
      throw new IllegalArgumentException("maxSide must be >= 0 (0 = keep the decoded size), got " + maxSide);
    }
  }

  public static ImageConfig defaults() {
    return new ImageConfig(DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);
  }
}
