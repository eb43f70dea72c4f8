package dev.synergen.tokenization.reject;

/**
 * Why an input record was refused. The names are written to the {@code rejects} table's
 * {@code reason_code} column and asserted exactly by tests: they are a public contract, so add
 * new constants rather than renaming old ones.
 */
public enum RejectReason {
  /** The image file or the whole source holds zero bytes. */
  EMPTY_FILE,
  /** The image bytes match no known image signature (e.g. text saved as {@code .jpg}). */
  NOT_AN_IMAGE,
  /** A recognised image format that we do not decode (TIFF, HEIF/AVIF, JPEG 2000, JPEG XL, SVG). */
  UNSUPPORTED_FORMAT,
  /** The image file ends before its format says it should (cut download, partial copy). */
  TRUNCATED_IMAGE,
  /** The decoder refused the image for a reason other than truncation. */
  CORRUPT_IMAGE,
  /** The header declares more pixels than the configured limit (decompression-bomb guard). */
  IMAGE_TOO_LARGE,
  /** A member file is larger than the configured byte limit; it was skipped, never buffered. */
  FILE_TOO_LARGE,
  /** The sample has no image member (or the image file a caption points to does not exist). */
  MISSING_IMAGE,
  /** The sample has no caption. */
  MISSING_CAPTION,
  /** The caption bytes are not valid UTF-8 (or the text holds an unpaired surrogate). */
  CAPTION_BAD_UTF8,
  /** The caption is empty after trimming. */
  CAPTION_EMPTY,
  /** The caption has fewer characters than the configured minimum. */
  CAPTION_TOO_SHORT,
  /** The caption has more characters than the configured maximum. */
  CAPTION_TOO_LONG,
  /** The caption holds a control or invisible formatting character (NUL, ESC, bidi override). */
  CAPTION_CONTROL_CHARACTER,
  /** The sample's JSON metadata (or a COCO annotation) is not valid JSON of the expected shape. */
  MALFORMED_METADATA,
  /** The sample holds two members of one kind (two images, two captions or two JSON files). */
  DUPLICATE_MEMBER,
  /** The sample key appeared earlier in the same source, separated by other samples. */
  DUPLICATE_KEY,
  /** An entry name that could escape a directory or hide its meaning, or a link/device entry. */
  UNSAFE_PATH,
  /** The tar shard ends before its end-of-archive marker; earlier samples were kept. */
  TRUNCATED_TAR,
  /** The tar shard has a malformed header; earlier samples were kept. */
  CORRUPT_TAR,
  /** The source (shard, file or annotations file) could not be read or parsed at all. */
  UNREADABLE_SOURCE,
  /** The same image and caption (same pair_id) were already accepted from another record. */
  DUPLICATE_PAIR,
  /** A text document's bytes are not valid UTF-8. */
  TEXT_BAD_UTF8,
  /** A text document is empty after trimming whitespace. */
  TEXT_EMPTY,
  /** A text document has fewer characters than the configured minimum. */
  TEXT_TOO_SHORT,
  /** A text document (or one line of it) is longer than the configured maximum; it was skipped, never buffered whole. */
  TEXT_TOO_LONG,
  /** A text document holds a control or invisible formatting character (NUL, backspace, ESC, bidi override). */
  TEXT_CONTROL_CHARACTER,
  /** A record does not have the shape its text format requires (a WordNet data line without its {@code " | "} gloss). */
  MALFORMED_RECORD,
  /** A file the chosen text format does not read (a WordNet index file, a fortune {@code .dat} index). */
  UNSUPPORTED_FILE,
  /** The same text (same doc_id) was already accepted from another record. */
  DUPLICATE_TEXT,
  /**
   * Decoding would exceed the decode budget: the header's width x height x bytes per pixel is more
   * heap than decodes may hold, or a progressive JPEG has more scans than any encoder writes.
   */
  DECODE_OVER_BUDGET,
  /** The decoder ran longer than the decode timeout (or waited that long for decode memory) and was abandoned. */
  DECODE_TIMEOUT,
  /** The decoder failed with an OutOfMemoryError, StackOverflowError or other VM error on this image. */
  DECODE_FAILED,
  /** A packed sample (tokens of image and caption) is longer than the sequence context; never truncated. */
  SEQUENCE_TOO_LONG
}
