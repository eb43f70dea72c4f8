package dev.synergen.tokenization.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.ml.ModelCache;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench soak} at toy size: each spoiling ends in rejects with its own reason, and the counts balance. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoakBenchmarkTest {
  @AfterAll
  void clearCache() {
    ModelCache.clear();
  }

  @Test
  void everySpoiledSampleIsRejectedWithItsReasonAndNothingIsLost(@TempDir Path dir) throws Exception {
    TestSpark.session();
    Path out = dir.resolve("soak.json");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // one spoiled sample per 2 pairs: 10 of them, one of each kind
    ObjectNode report = SoakBenchmark.run(new SoakBenchmark.Options(20, 2, null, dir.resolve("work"), out),
        new PrintStream(log, true, StandardCharsets.UTF_8));

    assertEquals(report.toPrettyString(), Files.readString(out), "--out saves the returned report");
    assertEquals(30, report.get("input_samples").asLong());
    assertEquals(0, report.get("lost").asLong());
    assertEquals(0, report.get("spoiled_accepted").asLong());
    Map<String, Long> expected = new TreeMap<>(Map.of("TRUNCATED_IMAGE", 1L, "IMAGE_TOO_LARGE", 1L, "NOT_AN_IMAGE", 1L,
        "EMPTY_FILE", 1L, "CORRUPT_IMAGE", 1L, "CAPTION_BAD_UTF8", 1L, "CAPTION_EMPTY", 1L, "CAPTION_TOO_LONG", 1L,
        "MISSING_CAPTION", 1L, "MISSING_IMAGE", 1L));
    assertEquals(expected, new ObjectMapper().convertValue(report.get("spoiled_rejected_by_reason"), TreeMap.class));
    assertEquals(30, report.at("/ingest/input").asLong());
    assertTrue(report.at("/ingest/balanced").asBoolean());
    assertEquals(report.at("/ingest/accepted").asLong(), report.at("/tokenize/accepted").asLong(),
        "every accepted pair is tokenized");
    assertTrue(report.get("peak_heap_mb").asLong() > 0);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("lost 0, spoiled accepted 0"), log.toString());
  }
}
