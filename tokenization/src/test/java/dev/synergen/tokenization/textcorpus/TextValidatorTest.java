package dev.synergen.tokenization.textcorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Document bytes to stored text: decoding, refusals with exact reasons, and normalisation. */
class TextValidatorTest {
  private final TextValidator validator = new TextValidator(new TextLimits(3, 20));

  private String valid(String text) throws RejectedException {
    return validator.validate(text.getBytes(StandardCharsets.UTF_8));
  }

  private RejectedException refused(byte[] bytes) {
    return assertThrows(RejectedException.class, () -> validator.validate(bytes));
  }

  private RejectedException refused(String text) {
    return refused(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsIndentationAndLineBreaksButDropsTrailingSpaceAndOuterBlankLines() throws RejectedException {
    assertEquals("\tQ: why?\n\tA: so.", valid("\n  \n\tQ: why?  \r\n\tA: so.\t\n\n"));
    assertEquals("caf\u00e9", valid("cafe\u0301"), "NFC");
  }

  @Test
  void badUtf8IsRefusedWithTheOffendingBytesAndOffset() {
    RejectedException e = refused(new byte[] {'a', 'b', 'c', (byte) 0xC3, '('});
    assertEquals(RejectReason.TEXT_BAD_UTF8, e.reason());
    assertEquals("the document is not valid UTF-8: bytes c3 at offset 3 of 5; re-encode the file as UTF-8 (e.g. iconv"
        + " -f latin1 -t utf-8)", e.rejection().detail());
  }

  @Test
  void nulBackspaceAndBidiOverridesAreControlCharacters() {
    RejectedException nul = refused("abc\u0000def");
    assertEquals(RejectReason.TEXT_CONTROL_CHARACTER, nul.reason());
    assertEquals("the document holds control character U+0000 (NUL: binary data?) at char 3; documents must be plain"
        + " text", nul.rejection().detail());
    assertEquals(RejectReason.TEXT_CONTROL_CHARACTER, refused("_\bx marks").reason());
    assertEquals(RejectReason.TEXT_CONTROL_CHARACTER, refused("abc\u202Edef").reason());
  }

  @Test
  void emptyShortAndLongDocumentsAreRefusedByLengthInCodePoints() throws RejectedException {
    assertEquals(RejectReason.TEXT_EMPTY, refused(" \n\u00a0\t").reason());
    assertEquals(RejectReason.TEXT_TOO_SHORT, refused("ab").reason());
    assertEquals("the document has 21 characters, max_chars is 20", refused("x".repeat(21)).rejection().detail());
    assertEquals("\uD83D\uDE00".repeat(20), valid("\uD83D\uDE00".repeat(20)), "20 emoji are 20 characters");
  }
}
