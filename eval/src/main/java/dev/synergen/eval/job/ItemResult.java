package dev.synergen.eval.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Map;

/**
 * What an inference task returns for one item of a suite, as JSON (no Kryo, no Java serialization):
 * the {@code eval_samples} fields plus suite-specific numbers in {@code detail}; {@code image} is a
 * PNG as base64.
 */
public record ItemResult(String id, String input, String output, String reference, Boolean correct, Double score,
    String image, Map<String, Object> detail) {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an item of plain values always serialises", e);
    }
  }

  public static ItemResult fromJson(String json) {
    try {
      return JSON.readValue(json, ItemResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an inference task returned a malformed result: " + e.getOriginalMessage(), e);
    }
  }

  public byte[] imageBytes() {
    return image == null ? null : Base64.getDecoder().decode(image);
  }

  /** A number of the detail map. */
  public double number(String key) {
    Object v = detail == null ? null : detail.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  public static String base64(byte[] png) {
    return png == null ? null : Base64.getEncoder().encodeToString(png);
  }
}
