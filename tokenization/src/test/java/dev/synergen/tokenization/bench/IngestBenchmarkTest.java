package dev.synergen.tokenization.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench ingest} at toy size: one balanced run per image size, side by side, with the bytes behind each. */
class IngestBenchmarkTest {
  @Test
  void eachSizeIsIngestedInFullAndReportedBesideTheFirst(@TempDir Path dir) throws Exception {
    TestSpark.session();
    Path out = dir.resolve("ingest.json");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ObjectNode report = IngestBenchmark.run(new IngestBenchmark.Options(20, List.of(32, 64), null,
        dir.resolve("work"), out), new PrintStream(log, true, StandardCharsets.UTF_8));

    assertEquals(report.toPrettyString(), Files.readString(out), "--out saves the returned report");
    JsonNode runs = report.get("runs");
    assertEquals(2, runs.size());
    for (int i = 0; i < 2; i++) {
      JsonNode r = runs.get(i);
      assertEquals(List.of(32, 64).get(i), r.get("image_size").asInt());
      assertEquals(20, r.get("input").asLong());
      assertEquals(20, r.get("accepted").asLong() + r.get("rejected").asLong());
      assertTrue(r.get("rows_per_s").asDouble() > 0, r.toString());
      assertEquals(List.of(32, 64).get(i), r.get("width_min").asInt(), "raw_pairs holds images of the size: " + r);
      assertEquals(List.of(32, 64).get(i), r.get("width_max").asInt(), r.toString());
    }
    assertEquals(1.0, runs.get(0).get("time_ratio_to_first").asDouble(), 1e-12);
    assertTrue(runs.get(1).get("bytes_ratio_to_first").asDouble() > 1.5, "64 px images carry more bytes: " + runs);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("time per row of 32 px"), log.toString());
  }

  @Test
  void sizesOutsideTheWorldsRangeAreRefusedBeforeAnythingRuns() {
    assertThrows(RuntimeException.class, () -> new IngestBenchmark.Options(10, List.of(16), null, null, null));
    assertThrows(RuntimeException.class, () -> new IngestBenchmark.Options(10, List.of(), null, null, null));
    assertThrows(RuntimeException.class, () -> new IngestBenchmark.Options(0, List.of(64), null, null, null));
  }
}
