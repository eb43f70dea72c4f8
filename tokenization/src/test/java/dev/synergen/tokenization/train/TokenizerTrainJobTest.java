package dev.synergen.tokenization.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.bench.ShapesLikeImages;
import dev.synergen.tokenization.ml.ModelCache;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import dev.synergen.tokenization.vq.VqTrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code synergen tokenizer-train} on 24 train and 8 test scenes of 32 px with the tiny tokenizer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenizerTrainJobTest {
  private static final String[] WORDS = {"red", "blue", "green", "circle", "square", "triangle"};
  private final SparkSession spark = TestSpark.session();

  @AfterAll
  void clearCache() {
    ModelCache.clear();
  }

  private Lakehouse rawPairs(Path dir) throws Exception {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    ShapesLikeImages scenes = new ShapesLikeImages(32, 9);
    List<Row> rows = new ArrayList<>();
    Timestamp at = Timestamp.valueOf("2026-11-25 12:00:00");
    for (int i = 0; i < 32; i++) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(scenes.image(i), "png", png);
      String caption = "a " + WORDS[i % 3] + " " + WORDS[3 + i % 3];
      rows.add(RowFactory.create("pair" + i, "test", "k" + i, png.toByteArray(), "png", 32, 32, caption, null,
          i < 24 ? "train" : "test", "ingest", at));
    }
    DeltaTables.insertNew(spark, lakehouse, PipelineTables.RAW_PAIRS,
        spark.createDataFrame(rows, PipelineTables.RAW_PAIRS.schema()));
    return lakehouse;
  }

  private static TokenizerTrainJob.Config config(Lakehouse lakehouse, Path out) {
    return config(lakehouse, out, FaultPlan.none());
  }

  private static TokenizerTrainJob.Config config(Lakehouse lakehouse, Path out, FaultPlan faults) {
    return new TokenizerTrainJob.Config(lakehouse, out.toString(), VqConfig.tiny(), VqTrainingConfig.defaults(12, 3), 4,
        5, 3, 8, 3, "cl100k_base", 100, 8, faults);
  }

  /** A text corpus beside the pairs: one train document and one held out. */
  private void textDocs(Lakehouse lakehouse) {
    Timestamp at = Timestamp.valueOf("2026-11-25 12:00:00");
    List<Row> docs = List.of(
        RowFactory.create("d1", "words", "1", "is there a red circle? yes, two of them; no squares", 52, "train",
            "ingest-text", at),
        RowFactory.create("d2", "words", "2", "a held-out zebra", 16, "test", "ingest-text", at));
    DeltaTables.insertNew(spark, lakehouse, PipelineTables.TEXT_DOCS,
        spark.createDataFrame(docs, PipelineTables.TEXT_DOCS.schema()));
  }

  @Test
  void trainsBothTokenizersCountingTheTextCorpusTooAndResumesExactlyAfterACrash(@TempDir Path dir)
      throws Exception {
    Lakehouse lakehouse = rawPairs(dir);
    textDocs(lakehouse);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JobSummary clean = TokenizerTrainJob.run(spark, config(lakehouse, dir.resolve("clean")),
        new PrintStream(log, true, StandardCharsets.UTF_8));
    String printed = log.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("k-means codebook initialisation at step 3"), printed);
    assertTrue(printed.contains("tokenizer quality: 8 held-out images"), printed);
    assertEquals(12, clean.extra().get("steps"));
    assertEquals(24L, clean.input());

    VocabularyRemap remap = VocabularyRemap.load(dir.resolve("clean").resolve(TokenizerFiles.TEXT_REMAP));
    BpeTextTokenizer text = new BpeTextTokenizer(remap);
    assertTrue(text.covers("a green triangle"), "captions");
    assertTrue(text.covers(" yes, two"), "a train document of text_docs");
    assertFalse(text.covers(" zebra"), "a held-out document is not counted");
    assertTrue(clean.tablesRead().containsKey(PipelineTables.TEXT_DOCS.name()), clean.tablesRead().toString());
    assertEquals("train captions and train text_docs", clean.extra().get("text_remap_counted"));
    assertEquals(remap.version(), clean.extra().get("text_tokenizer"));

    Path crashed = dir.resolve("crashed");
    FaultPlan crashAfterStep10 = FaultPlan.parse("after_checkpoint:step=10", "test");
    assertThrows(FaultPlan.InjectedFault.class, () -> TokenizerTrainJob.run(spark,
        config(lakehouse, crashed, crashAfterStep10),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    ByteArrayOutputStream resumedLog = new ByteArrayOutputStream();
    JobSummary resumed = TokenizerTrainJob.run(spark, config(lakehouse, crashed),
        new PrintStream(resumedLog, true, StandardCharsets.UTF_8));
    assertTrue(resumedLog.toString(StandardCharsets.UTF_8).contains("resumed from step-0000010 at step 10"),
        resumedLog.toString(StandardCharsets.UTF_8));
    assertEquals(clean.extra().get("image_tokenizer"), resumed.extra().get("image_tokenizer"),
        "the resumed run ends with the very same weights");
    try (VqTokenizer a = VqTokenizer.load(dir.resolve("clean").resolve("vq"));
        VqTokenizer b = VqTokenizer.load(crashed.resolve("vq"))) {
      assertArrayEquals(a.codebook(), b.codebook());
    }
    assertTrue(Files.isRegularFile(crashed.resolve("checkpoints").resolve(TokenizerTrainJob.LATEST)));

    TokenizerTrainJob.Config base = config(lakehouse, crashed);
    TokenizerTrainJob.Config otherSize = new TokenizerTrainJob.Config(lakehouse, crashed.toString(),
        VqConfig.tiny().withImageSize(16), base.training(), base.batchSize(), base.checkpointEvery(), base.kmeansAtStep(),
        base.kmeansImages(), base.kmeansIterations(), base.textEncoding(), base.textVocabularyCap(), base.heldOutImages(),
        FaultPlan.none());
    PipelineException refused = assertThrows(PipelineException.class, () -> TokenizerTrainJob.run(spark, otherSize,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertEquals(TokenizationErrors.VQ_CHECKPOINT_INVALID.code(), refused.errorClass());
    assertTrue(refused.getMessage().contains("\"image_size\":32") && refused.getMessage().contains("\"image_size\":16"),
        refused.getMessage());
  }
}
