package dev.synergen.tokenization.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TarBuilder;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.shapes.SceneGenerator;
import dev.synergen.tokenization.shapes.SceneJson;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesCorpusWriter;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ingest job end to end on generated shards: real Spark, real Delta, tiny data. */
class IngestJobTest {
  private static final long SEED = 5;
  private static final int SAMPLES = 24;

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /** One shard of bad inputs (sorted first) plus three shapes shards of 8 samples; returns the shard folder. */
  private Path corpus(Path root) throws IOException {
    Path shards = Files.createDirectories(root.resolve("shards"));
    ShapesCorpusWriter.writeAll(new ShapesCorpusConfig(shards, SEED, SAMPLES, 8, ShapesWorldConfig.defaults()));
    TarBuilder bad = new TarBuilder()
        .file("ok.png", TestImages.png(16, 16)).text("ok.txt", "a gradient")
        .file("empty.jpg", BadInputFixtures.zeroBytes()).text("empty.txt", "nothing")
        .file("bomb.png", BadInputFixtures.pngDeclaring(100_000, 100_000)).text("bomb.txt", "too big")
        .file("nocaption.png", TestImages.png(8, 8))
        .file("../../etc/x", BadInputFixtures.utf8("x"));
    TarBuilder.write(shards.resolve("aa-bad.tar"), bad.build());
    return shards;
  }

  private static IngestConfig config(Path input, int unitsPerCommit) {
    IngestConfig defaults = IngestConfig.of(null, input.toString());
    return new IngestConfig(defaults.inputs(), null, null, defaults.parquet(), defaults.validation(), defaults.limits(),
        defaults.samplesPerTask(), unitsPerCommit);
  }

  /** raw_pairs without the run columns, sorted: what "the same rows" means across runs. */
  private List<String> pairs(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS)
        .select(col("pair_id"), col("source"), col("source_key"), sha2(col("image"), 256), col("format"), col("width"),
            col("height"), col("caption"), col("meta"), col("split"))
        .orderBy("pair_id").collectAsList().stream().map(Row::toString).toList();
  }

  private List<String> rejects(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS)
        .select("stage", "source", "source_key", "reason_code", "detail")
        .orderBy("source", "source_key").collectAsList().stream().map(Row::toString).toList();
  }

  private static String shortSource(String source) {
    return source.substring(source.lastIndexOf('/') + 1);
  }

  @Test
  void ingestsShardsIntoRawPairsAndRejectsWithABalancedSummary() throws IOException {
    Path shards = corpus(dir);
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    JobSummary summary = IngestJob.run(spark, lakehouse, config(shards, 64), RunId.create("ingest"));

    assertEquals(SAMPLES + 5, summary.input());
    assertEquals(SAMPLES + 1, summary.accepted());
    assertEquals(0, summary.alreadyPresent());
    assertEquals(Map.of("EMPTY_FILE", 1L, "IMAGE_TOO_LARGE", 1L, "MISSING_CAPTION", 1L, "UNSAFE_PATH", 1L),
        summary.rejectedByReason());
    assertTrue(summary.balanced());
    assertEquals(4, summary.extra().get("tasks"));

    List<Row> rows = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).collectAsList();
    assertEquals(SAMPLES + 1, rows.size());
    SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());
    for (Row r : rows) {
      String key = r.getAs("source_key");
      if (key.equals("ok")) {
        continue;
      }
      assertEquals(generator.generate(SEED, Long.parseLong(key)), SceneJson.read(r.getAs("meta")), key);
      assertEquals(SceneJson.caption(r.getAs("meta")), r.getAs("caption"));
      assertTrue(List.of("train", "val", "test").contains((String) r.getAs("split")));
      assertEquals(summary.runId(), r.getAs("ingest_run"));
    }
    List<Row> refused = DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).orderBy("source_key").collectAsList();
    assertEquals(List.of("../../etc/x=UNSAFE_PATH", "bomb=IMAGE_TOO_LARGE", "empty=EMPTY_FILE",
        "nocaption=MISSING_CAPTION"), refused.stream().map(r -> r.getAs("source_key") + "=" + r.getAs("reason_code")).toList());
    assertEquals("aa-bad.tar", shortSource(refused.get(0).getAs("source")));
    assertEquals("ingest", refused.get(0).getAs("stage"));
  }

  @Test
  void ingestingTwiceAddsNothing() throws IOException {
    Path shards = corpus(dir);
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    IngestJob.run(spark, lakehouse, config(shards, 64), RunId.create("ingest"));
    List<String> pairs = pairs(lakehouse);
    List<String> rejects = rejects(lakehouse);

    JobSummary again = IngestJob.run(spark, lakehouse, config(shards, 64), RunId.create("ingest"));
    assertEquals(0, again.accepted());
    assertEquals(SAMPLES + 1, again.alreadyPresent());
    assertEquals(4, again.rejected());
    assertTrue(again.balanced());
    assertEquals(pairs, pairs(lakehouse));
    assertEquals(rejects, rejects(lakehouse));
  }

  @Test
  void aCrashHalfWayThenARerunGivesTheRowsOfACleanRun(@TempDir Path cleanDir) throws IOException {
    Path shards = corpus(dir);
    Lakehouse clean = TestSpark.lakehouse(cleanDir);
    IngestJob.run(spark, clean, config(shards, 2), RunId.create("ingest"));

    // two commits: [aa-bad, shapes-0], [shapes-1, shapes-2]; the crash lands after the first commit's
    // pairs and before its rejects, so one commit is half done and the other not started
    Lakehouse crashed = TestSpark.lakehouse(dir);
    IngestJob.Observer crashAfterFirstPairs = new IngestJob.Observer() {
      @Override
      public void pairsCommitted(int batch, int batches) {
        throw new IllegalStateException("simulated driver crash between the raw_pairs and rejects commits");
      }
    };
    assertThrows(IllegalStateException.class,
        () -> IngestJob.run(spark, crashed, config(shards, 2), RunId.create("ingest"), crashAfterFirstPairs));
    assertEquals(9, DeltaTables.read(spark, crashed, PipelineTables.RAW_PAIRS).count(), "pairs of the first commit");
    assertEquals(0, DeltaTables.read(spark, crashed, PipelineTables.REJECTS).count(), "its rejects were not written");

    JobSummary rerun = IngestJob.run(spark, crashed, config(shards, 2), RunId.create("ingest"));
    assertEquals(9, rerun.alreadyPresent());
    assertEquals(SAMPLES + 1 - 9, rerun.accepted());
    assertTrue(rerun.balanced());
    assertEquals(pairs(clean), pairs(crashed));
    assertEquals(rejects(clean), rejects(crashed));
  }

  @Test
  void repeatedContentIsOnePairAndEveryRepeatIsADuplicatePairReject() throws IOException {
    Path shards = Files.createDirectories(dir.resolve("dups"));
    byte[] image = TestImages.png(12, 12);
    TarBuilder.write(shards.resolve("a.tar"), new TarBuilder()
        .file("1.png", image).text("1.txt", "same").file("2.png", image).text("2.txt", " same ").build());
    TarBuilder.write(shards.resolve("b.tar"), new TarBuilder().file("1.png", image).text("1.txt", "same").build());
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    JobSummary summary = IngestJob.run(spark, lakehouse, config(shards, 64), RunId.create("ingest"));
    assertEquals(1, summary.accepted());
    assertEquals(Map.of("DUPLICATE_PAIR", 2L), summary.rejectedByReason());
    Row kept = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).head();
    assertEquals("a.tar", shortSource(kept.getAs("source")));
    assertEquals("1", kept.getAs("source_key"));
    List<Row> dups = DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).orderBy("source", "source_key")
        .collectAsList();
    assertEquals("2", dups.get(0).getAs("source_key"));
    assertTrue(((String) dups.get(0).getAs("detail")).startsWith("same image and caption as file:"),
        (String) dups.get(0).getAs("detail"));
    assertTrue(((String) dups.get(0).getAs("detail")).endsWith("a.tar key '1' of this input"));

    // a later run over a copy of the data elsewhere: the content is known under another source
    Path copy = Files.createDirectories(dir.resolve("copy"));
    Files.copy(shards.resolve("b.tar"), copy.resolve("c.tar"));
    JobSummary later = IngestJob.run(spark, lakehouse, config(copy, 64), RunId.create("ingest"));
    assertEquals(Map.of("DUPLICATE_PAIR", 1L), later.rejectedByReason());
    assertEquals(1, DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).count());
  }
}
