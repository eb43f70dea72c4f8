package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import dev.synergen.core.config.Settings;
import dev.synergen.core.io.Sha256;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesJobTest {
  @Test
  void sparkTasksWriteTheSameShardsAsTheLocalWriter(@TempDir Path sparkDir, @TempDir Path localDir) throws IOException {
    ShapesCorpusConfig config = new ShapesCorpusConfig(sparkDir, 3, 25, 10, ShapesWorldConfig.defaults());
    JobSummary summary = ShapesJob.run(TestSpark.session(), config, RunId.create("shapes"));
    assertEquals(25, summary.input());
    assertEquals(25, summary.accepted());
    assertTrue(summary.balanced());
    assertEquals(3, summary.extra().get("shards"));
    List<Path> local = ShapesCorpusWriter.writeAll(new ShapesCorpusConfig(localDir, 3, 25, 10, ShapesWorldConfig.defaults()));
    for (Path shard : local) {
      assertEquals(Sha256.hex(shard), Sha256.hex(sparkDir.resolve(shard.getFileName())), shard.getFileName().toString());
    }
  }

  @Test
  void configComesFromShapesSettings(@TempDir Path dir) {
    Settings settings = Settings.of(Map.of("shapes.output", dir.toString(), "shapes.count", "50", "shapes.seed", "9",
        "shapes.samples_per_shard", "20", "shapes.image_size", "32", "shapes.grid", "2", "shapes.max_objects", "3"));
    ShapesCorpusConfig config = ShapesJob.config(settings);
    settings.requireAllConsumed();
    assertEquals(new ShapesCorpusConfig(dir, 9, 50, 20, new ShapesWorldConfig(32, 2, 1, 3)), config);
    assertEquals(3, config.shardCount());
    PipelineException tiny = assertThrows(PipelineException.class,
        () -> ShapesJob.config(Settings.of(Map.of("shapes.image_size", "32"))));
    assertEquals(CoreErrors.CONFIG_BAD_VALUE.code(), tiny.errorClass());
  }
}
