package dev.synergen.tokenization.textcorpus;

import dev.synergen.core.io.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The content hash that keys {@code text_docs}: SHA-256 (hex) of a version tag and the normalised
 * text, so the same text is one row however often and from whichever file it is ingested.
 */
public final class DocId {
  private DocId() {}

  public static String of(String text) {
    return Sha256.hex(("synergen-text-v1\n" + text).getBytes(StandardCharsets.UTF_8));
  }
}
