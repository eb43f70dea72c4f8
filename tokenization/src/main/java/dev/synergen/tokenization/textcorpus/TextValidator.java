package dev.synergen.tokenization.textcorpus;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.reject.StrictUtf8;
import java.text.Normalizer;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a document's bytes into the text stored in {@code text_docs}, or refuses them. Steps:
 * strict UTF-8 (malformed bytes are refused, never replaced by U+FFFD); control characters other
 * than tab and line breaks, and bidirectional overrides, are refused (NUL means binary data, a
 * backspace an overstrike that no tokenizer reads as intended); line breaks become {@code \n}; NFC;
 * trailing whitespace of every line and blank lines at both ends are dropped (indentation inside
 * the document is kept: fortunes hold poems and dialogues); then the length limits.
 */
public final class TextValidator {
  private static final Pattern LINE_BREAK = Pattern.compile("\r\n?");
  private static final Pattern TRAILING_SPACE = Pattern.compile("[\\s\\p{Z}&&[^\\n]]+$",
      Pattern.MULTILINE | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern OUTER_BLANK_LINES = Pattern.compile("^(?:[\\s\\p{Z}&&[^\\n]]*\\n)+|\\n+$",
      Pattern.UNICODE_CHARACTER_CLASS);

  private final TextLimits limits;

  public TextValidator(TextLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public String validate(byte[] utf8) throws RejectedException {
    String text = decodeStrictly(utf8);
    requireNoControlCharacters(text);
    text = LINE_BREAK.matcher(text).replaceAll("\n");
    text = Normalizer.normalize(text, Normalizer.Form.NFC);
    text = TRAILING_SPACE.matcher(text).replaceAll("");
    text = OUTER_BLANK_LINES.matcher(text).replaceAll("");
    if (text.isBlank()) {
      throw new RejectedException(RejectReason.TEXT_EMPTY, "the document is empty after trimming whitespace ("
          + utf8.length + " bytes before)");
    }
    int length = text.codePointCount(0, text.length());
    if (length < limits.minChars()) {
      throw new RejectedException(RejectReason.TEXT_TOO_SHORT, "the document has " + length
          + " characters, min_chars is " + limits.minChars());
    }
    if (length > limits.maxChars()) {
      throw new RejectedException(RejectReason.TEXT_TOO_LONG, "the document has " + length
          + " characters, max_chars is " + limits.maxChars());
    }
    return text;
  }

  private static String decodeStrictly(byte[] utf8) throws RejectedException {
    return StrictUtf8.decode(utf8, RejectReason.TEXT_BAD_UTF8, "the document",
        "re-encode the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)");
  }

  private static void requireNoControlCharacters(String text) throws RejectedException {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isForbidden(cp)) {
        String name = cp == 0 ? " (NUL: binary data?)" : cp == 8 ? " (backspace: an overstrike?)" : "";
        throw new RejectedException(RejectReason.TEXT_CONTROL_CHARACTER, String.format(
            "the document holds control character U+%04X%s at char %d; documents must be plain text", cp, name, i));
      }
      i += Character.charCount(cp);
    }
  }

  private static boolean isForbidden(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    return Character.getType(cp) == Character.CONTROL
        || cp == 0x061C || cp == 0x200E || cp == 0x200F // bidi marks
        || (cp >= 0x202A && cp <= 0x202E) // bidi embeddings and overrides
        || (cp >= 0x2066 && cp <= 0x2069); // bidi isolates
  }
}
