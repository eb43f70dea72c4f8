package dev.synergen.tokenization.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the text tokenizer a tokenizer directory names: a directory is an LLM's tokenizer
 * ({@link HfTextTokenizer}), a file a compact remap ({@link BpeTextTokenizer}). The payload form
 * is what a driver ships to executors.
 */
public final class TextCodecs {
  private TextCodecs() {}

  public static TextCodec open(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      return HfTextTokenizer.open(location);
    }
    return new BpeTextTokenizer(VocabularyRemap.load(location));
  }

  /** One string that {@link #fromPayload} turns back into the same tokenizer. */
  public static String payload(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      return HfTextTokenizer.open(location).payload();
    }
    String json = Files.readString(location, StandardCharsets.UTF_8);
    VocabularyRemap.parse(json, location.toString());
    return json;
  }

  public static TextCodec fromPayload(String payload) {
    if (HfTextTokenizer.isPayload(payload)) {
      return HfTextTokenizer.fromPayload(payload);
    }
    return new BpeTextTokenizer(VocabularyRemap.parse(payload, "text remap payload"));
  }
}
