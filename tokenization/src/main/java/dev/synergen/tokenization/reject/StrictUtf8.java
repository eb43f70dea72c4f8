package dev.synergen.tokenization.reject;

import dev.synergen.core.io.StrictUtf8Decoder;

/** UTF-8 decoding of a record's text that rejects malformed input, naming the bytes and their offset. */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * The text of {@code utf8}, or a rejection for {@code reason} that says "{@code what} is not
   * valid UTF-8: bytes ... at offset ..." followed by {@code hint}.
   */
  public static String decode(byte[] utf8, RejectReason reason, String what, String hint) throws RejectedException {
    StrictUtf8Decoder.Result decoded = StrictUtf8Decoder.decode(utf8);
    if (!decoded.ok()) {
      throw new RejectedException(reason, what + " is not valid UTF-8: bytes " + decoded.badBytes(utf8) + " at offset "
          + decoded.errorOffset() + " of " + utf8.length + "; " + hint);
    }
    return decoded.text();
  }
}
