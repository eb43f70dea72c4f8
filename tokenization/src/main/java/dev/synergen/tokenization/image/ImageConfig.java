package dev.synergen.tokenization.image;

/**
 * Limits and normalisation for decoded images.
 *
 * @param maxPixels images whose header declares more pixels are refused before decoding
 * @param maxSide the normalised image is downscaled (aspect kept) so its longer side is at most
 *     this; 0 keeps the decoded size
 * @param decodeMemoryBytes heap the decodes of one JVM may hold at once (see {@link DecodeBudget});
 *     an image whose header promises more is refused before decoding; 0 means a quarter of the
 *     JVM's maximum heap
 * @param decodeTimeoutMillis a decode that takes longer is abandoned and its record refused
 */
public record ImageConfig(long maxPixels, int maxSide, long decodeMemoryBytes, long decodeTimeoutMillis)
    implements java.io.Serializable {
  /** 40 megapixels covers 8K photos; a decoded image of that size already takes 160 MB of heap. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
  public static final int DEFAULT_MAX_SIDE = 1024;
  /** 0: a quarter of the heap, which leaves Spark's own memory (at most 60% of the heap) room. */
  public static final long AUTO_DECODE_MEMORY = 0;
  /** A 40 MP 16-bit PNG takes about 10 s on one slow core; a minute only stops decoders that hang. */
  public static final long DEFAULT_DECODE_TIMEOUT_MILLIS = 60_000;

  public ImageConfig {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
    }
    if (maxSide < 0) {
      throw new IllegalArgumentException("maxSide must be >= 0 (0 = keep the decoded size), got " + maxSide);
    }
    if (decodeMemoryBytes < 0) {
      throw new IllegalArgumentException("decodeMemoryBytes must be >= 0 (0 = a quarter of the heap), got "
          + decodeMemoryBytes);
    }
    if (decodeTimeoutMillis < 1) {
      throw new IllegalArgumentException("decodeTimeoutMillis must be >= 1, got " + decodeTimeoutMillis);
    }
  }

  /** The given pixel and side limits with the default decode budget and timeout. */
  public ImageConfig(long maxPixels, int maxSide) {
    this(maxPixels, maxSide, AUTO_DECODE_MEMORY, DEFAULT_DECODE_TIMEOUT_MILLIS);
  }

  public static ImageConfig defaults() {
    return new ImageConfig(DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);
  }

  /** The decode memory budget in bytes, with 0 resolved against this JVM's heap. */
  public long decodeBudgetBytes() {
    return decodeMemoryBytes != AUTO_DECODE_MEMORY ? decodeMemoryBytes : Runtime.getRuntime().maxMemory() / 4;
  }
}
