package dev.synergen.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report prints numbers, times and JSON. */
final class Formats {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Formats() {}

  /** Four significant digits or so, without exponent for everyday magnitudes. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a >= 1e6 || a < 1e-3)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String time(Timestamp t) {
    return t == null ? "" : UTC.format(t.toInstant());
  }

  /** JSON text pretty-printed, or the text as it is when it is not JSON. */
  static String prettyJson(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text));
    } catch (Exception e) {
      return text;
    }
  }

  /** A detail JSON object, or a missing node when the text is absent or not JSON. */
  static JsonNode detail(String text) {
    if (text == null || text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (Exception e) {
      return MissingNode.getInstance();
    }
  }
}
