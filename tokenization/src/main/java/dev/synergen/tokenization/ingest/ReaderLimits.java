package dev.synergen.tokenization.ingest;

/**
 * Memory bounds for readers: a member over its limit is refused with {@code FILE_TOO_LARGE} and
 * skipped without being buffered.
 *
 * @param maxMemberBytes limit of any member file (images in particular)
 * @param maxCaptionBytes limit of a caption ({@code .txt} member, caption cell); captions are
 *     decoded, normalised and measured in memory, so their bound is far below an image's
 * @param maxMetadataBytes limit of JSON metadata ({@code .json} member, metadata of a parquet row)
 */
public record ReaderLimits(long maxMemberBytes, long maxCaptionBytes, long maxMetadataBytes)
    implements java.io.Serializable {
  public static final long DEFAULT_MAX_MEMBER_BYTES = 64L << 20;
  /** A thousand-character caption is at most 4 KB of UTF-8; 1 MiB leaves room for any real caption. */
  public static final long DEFAULT_MAX_CAPTION_BYTES = 1L << 20;
  /** img2dataset and COCO metadata are a few KB; 1 MiB leaves room for EXIF-laden records. */
  public static final long DEFAULT_MAX_METADATA_BYTES = 1L << 20;
  /** GNU long names and PAX headers are buffered up to this (and never beyond the member limit). */
  public static final long MAX_TAR_HEADER_BYTES = 1L << 20;

  public ReaderLimits {
    for (long limit : new long[] {maxMemberBytes, maxCaptionBytes, maxMetadataBytes}) {
      if (limit < 1 || limit > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("member byte limits must be in [1, 2^31-9] (one Java array), got "
            + maxMemberBytes + ", " + maxCaptionBytes + ", " + maxMetadataBytes);
      }
    }
  }

  /** A member limit with the default caption and metadata limits. */
  public ReaderLimits(long maxMemberBytes) {
    this(maxMemberBytes, DEFAULT_MAX_CAPTION_BYTES, DEFAULT_MAX_METADATA_BYTES);
  }

  public static ReaderLimits defaults() {
    return new ReaderLimits(DEFAULT_MAX_MEMBER_BYTES);
  }

  /** The byte limit of a member of {@code kind}. */
  public long maxBytes(MemberKind kind) {
    return switch (kind) {
      case CAPTION -> Math.min(maxCaptionBytes, maxMemberBytes);
      case METADATA -> Math.min(maxMetadataBytes, maxMemberBytes);
      default -> maxMemberBytes;
    };
  }

  /** Bound of a tar's GNU long-name and PAX records. */
  public long maxHeaderBytes() {
    return Math.min(MAX_TAR_HEADER_BYTES, maxMemberBytes);
  }
}
