package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.reject.StrictUtf8;
import java.text.Normalizer;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns caption bytes into the caption text stored in {@code raw_pairs}, or refuses them.
 *
 * <p>Steps: strict UTF-8 decoding (malformed bytes are an error, never replaced by U+FFFD); a
 * leading byte-order mark is dropped; control characters and bidirectional-override characters
 * are refused (they corrupt terminals and HTML reports and can hide text); NFC normalisation;
 * every run of whitespace becomes one space and the ends are trimmed; then the length limits.
 */
public final class CaptionValidator {
  private static final Pattern WHITESPACE_RUN = Pattern.compile("[\\s\\p{Z}]+", Pattern.UNICODE_CHARACTER_CLASS);

  private final CaptionConfig config;

  public CaptionValidator(CaptionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public String validate(byte[] utf8) throws RejectedException {
    return validate(decodeStrictly(utf8));
  }

  /** Validates text that was already decoded (e.g. a JSON string): only unpaired surrogates can be wrong in it. */
  public String validate(String text) throws RejectedException {
    requireWellFormedUtf16(text);
    String caption = text.startsWith("\uFEFF") ? text.substring(1) : text;
    requireNoControlCharacters(caption);
    caption = Normalizer.normalize(caption, Normalizer.Form.NFC);
    caption = WHITESPACE_RUN.matcher(caption).replaceAll(" ").strip();
    if (caption.isEmpty()) {
      throw new RejectedException(RejectReason.CAPTION_EMPTY, "caption is empty after trimming whitespace ("
          + text.length() + " chars before)");
    }
    int length = caption.codePointCount(0, caption.length());
    if (length < config.minChars()) {
      throw new RejectedException(RejectReason.CAPTION_TOO_SHORT,
          "caption has " + length + " characters, minimum is " + config.minChars());
    }
    if (length > config.maxChars()) {
      throw new RejectedException(RejectReason.CAPTION_TOO_LONG,
          "caption has " + length + " characters, maximum is " + config.maxChars());
    }
    return caption;
  }

  private static String decodeStrictly(byte[] utf8) throws RejectedException {
    return StrictUtf8.decode(utf8, RejectReason.CAPTION_BAD_UTF8, "caption", "re-encode the caption file as UTF-8");
  }

  private static void requireWellFormedUtf16(String text) throws RejectedException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new RejectedException(RejectReason.CAPTION_BAD_UTF8, String.format(
            "caption holds unpaired surrogate U+%04X at char %d; it has no UTF-8 encoding", (int) c, i));
      }
    }
  }

  private static void requireNoControlCharacters(String text) throws RejectedException {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isForbidden(cp)) {
        throw new RejectedException(RejectReason.CAPTION_CONTROL_CHARACTER, String.format(
            "caption holds control character U+%04X at char %d; captions must be plain text", cp, i));
      }
      i += Character.charCount(cp);
    }
  }

  private static boolean isForbidden(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false; // whitespace: collapsed to a space below
    }
    return Character.getType(cp) == Character.CONTROL
        || cp == 0x061C || cp == 0x200E || cp == 0x200F // bidi marks
        || (cp >= 0x202A && cp <= 0x202E) // bidi embeddings and overrides
        || (cp >= 0x2066 && cp <= 0x2069); // bidi isolates
  }
}
