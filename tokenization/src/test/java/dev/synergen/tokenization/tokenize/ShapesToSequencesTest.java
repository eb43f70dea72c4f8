package dev.synergen.tokenization.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.ml.ModelCache;
import dev.synergen.tokenization.pack.PackConfig;
import dev.synergen.tokenization.pack.PackJob;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.train.TokenizerTrainJob;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo path end to end on 48 scenes, half of them also asked a question: shapes -> ingest ->
 * tokenizer-train -> tokenize -> pack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShapesToSequencesTest {
  private final SparkSession spark = TestSpark.session();

  @AfterAll
  void clearCache() {
    ModelCache.clear();
  }

  @Test
  void shapesWorldBecomesSequencesInTheUnifiedLayout(@TempDir Path dir) throws Exception {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    Path shards = dir.resolve("shards");
    ShapesCorpusConfig corpus = new ShapesCorpusConfig(shards, 1, 48, 16, ShapesWorldConfig.defaults(), 50);
    JobSummary shapes = ShapesJob.run(spark, corpus, RunId.create("shapes"));
    long samples = shapes.accepted();
    long questions = samples - 48;
    assertTrue(questions > 12 && questions < 36, "about half of 48 scenes are asked, got " + questions);
    JobSummary ingest = IngestJob.run(spark, lakehouse, IngestConfig.of(null, shards.toString()), RunId.create("ingest"));
    assertEquals(samples, ingest.accepted(), ingest.toJson());

    // the tiny tokenizer takes 32 px: the 64 px scenes are resampled on the way in
    Path tokenizers = dir.resolve("tokenizers");
    JobSummary train = TokenizerTrainJob.run(spark, new TokenizerTrainJob.Config(lakehouse, tokenizers.toString(),
        VqConfig.tiny(), VqTrainingConfig.defaults(6, 1), 8, 100, 2, 8, 2, "cl100k_base", 400, 16),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(6, train.extra().get("steps"));

    String vq = tokenizers.resolve(TokenizerFiles.VQ_DIR).toString();
    String remap = tokenizers.resolve(TokenizerFiles.TEXT_REMAP).toString();
    JobSummary tokenize = TokenizeJob.run(spark, new TokenizeJob.Config(lakehouse, vq, remap, 16, "auto"));
    assertEquals(samples, tokenize.accepted(), tokenize.toJson());

    JobSummary pack = PackJob.run(spark, new PackConfig(lakehouse, vq, remap, 128, 0.5, 0.1, "pad", 4, 3));
    assertTrue(pack.balanced(), pack.toJson());
    assertEquals(samples, pack.accepted(), pack.toJson());
    assertTrue(pack.tablesRead().containsKey(PipelineTables.RAW_PAIRS.name()), pack.toJson());
    VocabularyLayout layout = new VocabularyLayout(VocabularyRemap.load(Path.of(remap)).size(), 256);
    int[] isThere = new BpeTextTokenizer(VocabularyRemap.load(Path.of(remap))).encode("Is there");
    List<Row> sequences = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).collectAsList();
    assertEquals(samples, sequences.size());
    long asked = 0;
    long t2i = 0;
    for (Row r : sequences) {
      int[] tokens = r.<Integer>getList(r.fieldIndex("tokens")).stream().mapToInt(Integer::intValue).toArray();
      layout.checkIds(tokens);
      if (contains(tokens, isThere)) {
        asked++;
        assertEquals("i2t", r.getAs("task"), "a question is understanding only, never a generation prompt");
      } else if (r.getAs("task").equals("t2i")) {
        t2i++;
      }
    }
    assertEquals(questions, asked);
    assertTrue(t2i > 10 && t2i < 38, "about half of the 48 captions are t2i, got " + t2i);
  }

  private static boolean contains(int[] tokens, int[] part) {
    for (int i = 0; i + part.length <= tokens.length; i++) {
      if (Arrays.equals(tokens, i, i + part.length, part, 0, part.length)) {
        return true;
      }
    }
    return false;
  }
}
