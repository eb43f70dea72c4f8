package dev.synergen.eval.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON text of plain values (maps, lists, numbers) for the {@code detail} column. */
final class Json {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Json() {}

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain values always serialise", e);
    }
  }
}
