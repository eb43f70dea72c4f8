package dev.synergen.core.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding that reports the first malformed bytes instead of replacing them with U+FFFD. */
public final class StrictUtf8Decoder {
  /** The text, or null with the offset and length of the first malformed sequence. */
  public record Result(String text, int errorOffset, int errorLength) {
    public boolean ok() {
      return text != null;
    }

    /** The malformed bytes as hex, e.g. "c328". */
    public String badBytes(byte[] input) {
      StringBuilder bad = new StringBuilder();
      for (int i = errorOffset; i < Math.min(input.length, errorOffset + errorLength); i++) {
        bad.append(String.format("%02x", input[i] & 0xff));
      }
      return bad.toString();
    }
  }

  private StrictUtf8Decoder() {}

  public static Result decode(byte[] utf8) {
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
      return new Result(null, in.position(), result.length());
    }
    return new Result(out.flip().toString(), -1, 0);
  }
}
