package dev.synergen.tokenization.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BPE encodings bundled in jtokkit (no download at run time) that this pipeline accepts,
 * with the number of ordinary token ids of each (ids {@code [0, size)}, contiguous).
 */
public final class BpeEncodings {
  /** The default: GPT-4's encoding, 100,256 ordinary tokens. */
  public static final String CL100K_BASE = "cl100k_base";
  public static final String O200K_BASE = "o200k_base";
  public static final String R50K_BASE = "r50k_base";

  // p50k_base is left out: its ranks have gaps, so "ids below size" would not mean "valid id"
  private static final Map<String, Integer> SIZES = new TreeMap<>(Map.of(
      CL100K_BASE, 100_256, O200K_BASE, 199_998, R50K_BASE, 50_256));

  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private BpeEncodings() {}

  /** The encoding of that name; jtokkit encodings are immutable and safe to share between threads. */
  public static Encoding get(String name) {
    checkKnown(name);
    return REGISTRY.getEncoding(name).orElseThrow(() -> TokenizationErrors.error(TokenizationErrors.TEXT_ENCODING_UNKNOWN, 
        "jtokkit has no bundled encoding '" + name + "'"));
  }

  /** Number of ordinary token ids of the encoding. */
  public static int size(String name) {
    checkKnown(name);
    return SIZES.get(name);
  }

  private static void checkKnown(String name) {
    if (!SIZES.containsKey(name)) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_ENCODING_UNKNOWN, "BPE encoding '" + name + "' is not supported; use one of " + SIZES.keySet());
    }
  }
}
