package dev.synergen.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSummaryTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private JobSummary summary(long input) {
    return new JobSummary("ingest", "ingest-20261125T100000Z-abcdef", T0, T0.plusSeconds(4), input, 90, 5,
        Map.of("TRUNCATED_IMAGE", 3L, "CAPTION_EMPTY", 2L), Map.of(), Map.of("raw_pairs", 3L), Map.of());
  }

  @Test
  void balanceIsAcceptedPlusPresentPlusRejected() {
    assertTrue(summary(100).balanced());
    assertFalse(summary(101).balanced());
    assertEquals(25.0, summary(100).rowsPerSecond(), 1e-9);
  }

  @Test
  void printedSummaryListsReasonsInOrder() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    summary(100).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("  rejected        5\n    CAPTION_EMPTY          2\n    TRUNCATED_IMAGE        3\n"), text);
    assertTrue(text.contains("balance         ok"), text);
    assertTrue(text.contains("wrote raw_pairs        version 3"), text);
  }

  @Test
  void jsonCarriesTheSameFigures() throws Exception {
    JsonNode json = new ObjectMapper().readTree(summary(101).toJson());
    assertEquals(5, json.get("rejected").asLong());
    assertFalse(json.get("balanced").asBoolean());
    assertEquals(3, json.get("rejected_by_reason").get("TRUNCATED_IMAGE").asLong());
  }

  @Test
  void runIdsAreSortableAndValidated() {
    RunId id = RunId.create("ingest", T0);
    assertTrue(id.value().startsWith("ingest-20261125T100000Z-"), id.value());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new RunId("Ingest 1"));
  }
}
