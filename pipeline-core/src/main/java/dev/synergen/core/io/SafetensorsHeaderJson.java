package dev.synergen.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Parses a safetensors JSON header strictly: UTF-8 that does not decode, a key that appears twice
 * and anything but whitespace after the one JSON object are refused, never repaired. A lenient
 * reader would replace bad bytes with U+FFFD, keep the last of two same-named tensors and ignore
 * trailing bytes, so two readers could see two different files in the same bytes.
 */
final class SafetensorsHeaderJson {
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private SafetensorsHeaderJson() {}

  static JsonNode parse(Path path, byte[] header) {
    String text = decodeUtf8(path, header);
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw Safetensors.invalid(path, "header is not a JSON object");
      }
      JsonNode root = JSON.readTree(parser);
      long end = parser.currentLocation().getCharOffset();
      JsonToken after;
      try {
        after = parser.nextToken();
      } catch (JsonParseException e) {
        after = JsonToken.NOT_AVAILABLE;
      }
      if (after != null) {
        throw Safetensors.invalid(path, "header holds bytes after its JSON object (at char " + end + " of "
            + text.length() + "); only space padding may follow it");
      }
      return root;
    } catch (JsonParseException e) {
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
        String name = e.getProcessor() != null ? currentName(e.getProcessor()) : "?";
        throw Safetensors.invalid(path, "header names '" + name + "' twice; a reader would keep only one of them");
      }
      throw Safetensors.invalid(path, "header is not valid JSON: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw Safetensors.invalid(path, "header is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from a string cannot fail with I/O", e);
    }
  }

  private static String currentName(JsonParser parser) {
    try {
      return parser.currentName();
    } catch (IOException e) {
      return "?";
    }
  }

  private static String decodeUtf8(Path path, byte[] bytes) {
    StrictUtf8Decoder.Result decoded = StrictUtf8Decoder.decode(bytes);
    if (!decoded.ok()) {
      int at = decoded.errorOffset();
      throw Safetensors.invalid(path, String.format("header is not valid UTF-8: byte 0x%02x at offset %d of %d",
          bytes[at] & 0xff, at, bytes.length));
    }
    return decoded.text();
  }
}
