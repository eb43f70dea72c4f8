package dev.synergen.tokenization.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.PipelineException;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.ml.ModelCache;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench tokenize}: its options, and the report of a tiny run (its figures are not checked: no timed tests). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenizeBenchmarkTest {
  @AfterAll
  void clearCache() {
    ModelCache.clear();
  }

  @Test
  void optionsHaveDefaultsAndRefuseImpossibleValues() {
    assertEquals(new TokenizeBenchmark.Options(10_000, 64, null, null, null), TokenizeBenchmark.Options.defaults());
    assertEquals(null, new TokenizeBenchmark.Options(5, 1, " ", null, null).master(), "a blank master means local");
    PipelineException tooFew = assertThrows(PipelineException.class,
        () -> new TokenizeBenchmark.Options(0, 64, null, null, null));
    assertEquals("[ML_PARAM_INVALID] bench tokenize needs --images >= 1, got 0", tooFew.getMessage());
    assertThrows(PipelineException.class, () -> new TokenizeBenchmark.Options(5, 0, null, null, null));
  }

  @Test
  void aTinyRunReportsBothLoopsAndTheirRatiosPerCore(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("vq");
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 3)) {
      t.save(model);
    }
    Path out = dir.resolve("report.json");
    TestSpark.session();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ObjectNode report = TokenizeBenchmark.run(new TokenizeBenchmark.Options(8, 4, null, model, out),
        new PrintStream(log, true, StandardCharsets.UTF_8));

    assertEquals(report.toPrettyString(), Files.readString(out), "--out saves the returned report");
    assertEquals(8, report.at("/settings/images").asInt());
    assertEquals(32, report.at("/settings/image_size").asInt());
    JsonNode job = report.get("job");
    assertEquals(8, job.get("rows_written").asInt());
    assertEquals(2, job.get("task_slots").asInt(), "the shared test session is local[2]");
    assertEquals(2, job.get("cores").asInt());
    assertEquals(2, job.get("encode_tasks").asInt(), "8 rows are 2 batches of 4");
    JsonNode bare = report.get("bare_loop");
    assertEquals(2, bare.at("/all_cores/threads").asInt(), "the bare loop's thread uses every core");
    assertEquals(1, bare.at("/one_core/threads").asInt());
    assertEquals(2, bare.at("/all_cores/runs").size());
    assertEquals(2, bare.at("/one_core/runs").size());
    JsonNode ratio = report.get("ratio_per_core");
    double perCoreAll = bare.at("/all_cores/images_per_s").asDouble() / 2;
    double perCoreOne = bare.at("/one_core/images_per_s").asDouble();
    assertEquals(job.get("images_per_s").asDouble() / 2 / perCoreAll, ratio.get("whole_job_vs_bare_all_cores")
        .asDouble(), 1e-9);
    assertEquals(job.get("encode_images_per_s").asDouble() / 2 / perCoreOne, ratio.get("encode_phase_vs_bare_one_core")
        .asDouble(), 1e-9);
    assertEquals(0.85, ratio.get("goal").asDouble());
    String printed = log.toString(StandardCharsets.UTF_8);
    for (String line : List.of("bare DJL loop, 1 thread:", "bare DJL loop, 2 threads:", "Spark tokenize job:",
        "per core, job / bare loop with 2 threads | with 1 thread:")) {
      assertTrue(printed.contains(line), "the log prints '" + line + "':\n" + printed);
    }
    assertFalse(TestSpark.session().sparkContext().isStopped(), "a session the caller runs is left running");
  }
}
