package dev.synergen.eval.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalContextTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void heldOutPairsAreCaptionPairsOnlyNeverTheQuestionsAskedAboutTheSameImages(@TempDir Path dir) {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    Path shards = dir.resolve("shards");
    ShapesJob.run(spark, new ShapesCorpusConfig(shards, 3, 24, 12, ShapesWorldConfig.defaults(), 100),
        RunId.create("shapes"));
    IngestJob.run(spark, lakehouse, IngestConfig.of(null, shards.toString()), RunId.create("ingest"));
    long train = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).where("split = 'train'").count();
    EvalConfig config = new EvalConfig(lakehouse, dir.resolve("no-checkpoint").toString(), List.of("caption"), 1000,
        1, 1, 1, 2.0, 8, 3, "train", 3, "cpu", 1, null);

    List<Row> held = new EvalContext(spark, config, null, null, "eval-test").heldOutPairs(1000).collectAsList();

    assertEquals(train / 2, held.size(), "every scene was asked: half of the train pairs are questions");
    for (Row r : held) {
      assertFalse(r.<String>getAs("caption").startsWith("Is there"), r.<String>getAs("caption"));
    }
  }
}
