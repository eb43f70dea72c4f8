package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaptionValidatorTest {
  private final CaptionValidator validator = new CaptionValidator(new CaptionConfig(3, 10));

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private RejectedException refused(byte[] caption) {
    return assertThrows(RejectedException.class, () -> validator.validate(caption));
  }

  @Test
  void trimsCollapsesWhitespaceAndNormalisesToNfc() throws RejectedException {
    assertEquals("a red cat", validator.validate(utf8("  a\tred \n\n cat  ")));
    // "e" + combining acute (2 code points) becomes the single code point U+00E9
    assertEquals("caf\u00e9", validator.validate(utf8("cafe\u0301")));
    assertEquals("no\u00a0break".replace('\u00a0', ' '), validator.validate(utf8("no\u00a0break")));
  }

  @Test
  void dropsAByteOrderMark() throws RejectedException {
    assertEquals("abc", validator.validate(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'a', 'b', 'c'}));
  }

  @Test
  void invalidUtf8IsRefusedWithTheOffendingBytes() {
    RejectedException e = refused(BadInputFixtures.captionInvalidUtf8());
    assertEquals(RejectReason.CAPTION_BAD_UTF8, e.reason());
    assertEquals("caption is not valid UTF-8: bytes ff at offset 1 of 3; re-encode the caption file as UTF-8",
        e.rejection().detail());
  }

  @Test
  void overlongEncodingsAndEncodedSurrogatesAreInvalidUtf8() {
    assertEquals(RejectReason.CAPTION_BAD_UTF8, refused(new byte[] {'a', 'b', (byte) 0xc0, (byte) 0xaf}).reason());
    assertEquals(RejectReason.CAPTION_BAD_UTF8,
        refused(new byte[] {'a', 'b', (byte) 0xed, (byte) 0xa0, (byte) 0x80}).reason());
    assertEquals(RejectReason.CAPTION_BAD_UTF8, refused(new byte[] {'a', 'b', 'c', (byte) 0xe2, (byte) 0x82}).reason());
  }

  @Test
  void unpairedSurrogatesInDecodedTextAreInvalidUtf8() {
    RejectedException e = assertThrows(RejectedException.class, () -> validator.validate("abc\ud800"));
    assertEquals(RejectReason.CAPTION_BAD_UTF8, e.reason());
    assertEquals("caption holds unpaired surrogate U+D800 at char 3; it has no UTF-8 encoding", e.rejection().detail());
  }

  @Test
  void blankCaptionsAreEmpty() {
    RejectedException e = refused(BadInputFixtures.captionBlank());
    assertEquals(RejectReason.CAPTION_EMPTY, e.reason());
    assertEquals("caption is empty after trimming whitespace (4 chars before)", e.rejection().detail());
    assertEquals(RejectReason.CAPTION_EMPTY, refused(new byte[0]).reason());
  }

  @Test
  void lengthLimitsCountCodePointsAfterTrimming() throws RejectedException {
    assertEquals("abc", validator.validate(utf8("   abc   ")));
    assertEquals("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", validator.validate(utf8("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")),
        "3 emoji are 3 characters though 6 UTF-16 units");
    RejectedException shortOne = refused(utf8("ab"));
    assertEquals(RejectReason.CAPTION_TOO_SHORT, shortOne.reason());
    assertEquals("caption has 2 characters, minimum is 3", shortOne.rejection().detail());
    assertEquals("x".repeat(10), validator.validate(BadInputFixtures.captionOfLength(10)));
    RejectedException longOne = refused(BadInputFixtures.captionOfLength(11));
    assertEquals(RejectReason.CAPTION_TOO_LONG, longOne.reason());
    assertEquals("caption has 11 characters, maximum is 10", longOne.rejection().detail());
  }

  @Test
  void controlAndBidiOverrideCharactersAreRefused() {
    RejectedException nul = refused(utf8("ab\u0000cd"));
    assertEquals(RejectReason.CAPTION_CONTROL_CHARACTER, nul.reason());
    assertEquals("caption holds control character U+0000 at char 2; captions must be plain text", nul.rejection().detail());
    assertEquals(RejectReason.CAPTION_CONTROL_CHARACTER, refused(utf8("\u001b[31mred")).reason());
    assertEquals(RejectReason.CAPTION_CONTROL_CHARACTER, refused(utf8("abc\u202Eevil")).reason());
  }

  @Test
  void joinersInsideEmojiAndScriptsAreAllowed() throws RejectedException {
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    assertEquals(family, new CaptionValidator(CaptionConfig.defaults()).validate(utf8(family)));
  }

  @Test
  void configRejectsImpossibleLimits() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CaptionConfig(5, 4));
    assertEquals("caption maxChars must be >= minChars (5), got 4", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CaptionConfig(0, 4));
  }
}
