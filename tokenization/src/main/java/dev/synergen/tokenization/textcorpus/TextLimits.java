package dev.synergen.tokenization.textcorpus;

/**
 * How long an accepted document may be, in Unicode code points after normalisation.
 *
 * @param minChars shortest document accepted
 * @param maxChars longest document accepted; longer ones are rejected, never truncated
 */
public record TextLimits(int minChars, int maxChars) implements java.io.Serializable {
  public static final int DEFAULT_MAX_CHARS = 20_000;
  /** UTF-8 needs at most 4 bytes per code point: a document of more bytes cannot be within maxChars. */
  private static final int MAX_BYTES_PER_CHAR = 4;

  public TextLimits {
    if (minChars < 1 || maxChars < minChars) {
      throw new IllegalArgumentException("text limits need 1 <= min_chars <= max_chars, got min_chars=" + minChars
          + " max_chars=" + maxChars);
    }
  }

  public static TextLimits defaults() {
    return new TextLimits(1, DEFAULT_MAX_CHARS);
  }

  /** Readers keep at most this many bytes of a document; the rest is counted, not buffered. */
  public int maxDocumentBytes() {
    return (int) Math.min(Integer.MAX_VALUE - 8L - WordnetReader.PREFIX_ROOM, (long) MAX_BYTES_PER_CHAR * maxChars);
  }
}
