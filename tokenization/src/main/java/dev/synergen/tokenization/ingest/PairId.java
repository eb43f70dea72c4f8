package dev.synergen.tokenization.ingest;

import dev.synergen.core.io.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The content hash that keys {@code raw_pairs}: SHA-256 (hex) of a version tag, the image's pixel
 * hash and the normalised caption, so the same picture with the same caption is one row however
 * often and from whichever source it is ingested.
 */
public final class PairId {
  private PairId() {}

  public static String of(String imageSha256, String caption) {
    return Sha256.hex(("synergen-pair-v1\n" + imageSha256 + "\n" + caption).getBytes(StandardCharsets.UTF_8));
  }
}
