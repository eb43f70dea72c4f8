package dev.synergen.tokenization.ingest;

/**
 * Memory bounds for readers.
 *
 * @param maxMemberBytes a member file (image, caption, JSON) larger than this is refused with
 *     {@code FILE_TOO_LARGE} and skipped without being buffered
 */
public record ReaderLimits(long maxMemberBytes) implements java.io.Serializable {
  public static final long DEFAULT_MAX_MEMBER_BYTES = 64L << 20;

  public ReaderLimits {
    if (maxMemberBytes < 1 || maxMemberBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxMemberBytes must be in [1, 2^31-9] (one Java array), got "
          + maxMemberBytes);
    }
  }

  public static ReaderLimits defaults() {
    return new ReaderLimits(DEFAULT_MAX_MEMBER_BYTES);
  }
}
