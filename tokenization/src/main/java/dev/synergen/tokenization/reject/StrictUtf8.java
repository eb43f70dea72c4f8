package dev.synergen.tokenization.reject;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding that refuses malformed input with the offending bytes and their offset, never a U+FFFD. */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * The text of {@code utf8}, or a rejection for {@code reason} that says "{@code what} is not
   * valid UTF-8: bytes ... at offset ..." followed by {@code hint}.
   */
  public static String decode(byte[] utf8, RejectReason reason, String what, String hint) throws RejectedException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(utf8);
    CharBuffer out = CharBuffer.allocate(utf8.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      StringBuilder bad = new StringBuilder();
      for (int i = at; i < Math.min(utf8.length, at + result.length()); i++) {
        bad.append(String.format("%02x", utf8[i] & 0xff));
      }
      throw new RejectedException(reason, what + " is not valid UTF-8: bytes " + bad + " at offset " + at + " of "
          + utf8.length + "; " + hint);
    }
    return out.flip().toString();
  }
}
