package dev.synergen.tokenization.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.fixtures.TinyTokenizers;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.text.TextCodecs;
import dev.synergen.tokenization.textcorpus.TextFormat;
import dev.synergen.tokenization.textcorpus.TextIngestConfig;
import dev.synergen.tokenization.textcorpus.TextIngestJob;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.tokenization.vq.VqConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synergen pack-text}: three ingested documents, one longer than the context, into text sequences. */
class TextPackJobTest {
  private static final String SHORT = "the cat sat on the mat";
  private static final String OTHER = "a red square left of a blue circle";
  private static final String LONG = "the quick brown fox jumps over the lazy dog while the cat watches the birds"
      + " fly over the old barn and the sun sets behind the quiet hills";

  private final SparkSession spark = TestSpark.session();

  @Test
  void everyDocumentBecomesWindowsOfTheContextThatDecodeBackToItAndARerunAddsNothing(@TempDir Path dir)
      throws Exception {
    Path tokenizer = TinyTokenizers.directory(dir.resolve("tokenizer"), 3, SHORT, OTHER, LONG);
    Path corpus = Files.writeString(dir.resolve("docs.txt"), SHORT + "\n" + OTHER + "\n" + LONG + "\n");
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    TextIngestJob.run(spark, lakehouse, TextIngestConfig.of(TextFormat.LINES, corpus.toString()),
        RunId.create("ingest-text"));
    int context = 12;
    PackConfig config = new PackConfig(lakehouse, TokenizerFiles.vqDir(tokenizer.toString()),
        TokenizerFiles.textTokenizer(tokenizer.toString()), context, 0.5, 0.1, "pad", 8, 0);

    JobSummary summary = TextPackJob.run(spark, config);
    assertEquals(3, summary.input());
    assertEquals(3, summary.accepted());
    assertTrue(summary.balanced(), summary.toJson());

    TextCodec text = TextCodecs.open(Path.of(config.textTokenizer()));
    VocabularyLayout layout = new VocabularyLayout(text.vocabularySize(), VqConfig.tiny().codebookSize());
    List<Row> rows = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).collectAsList();
    int longIds = text.encode(LONG).length;
    assertTrue(longIds + 2 > context, "the long document needs more than one window");
    int expectedWindows = 1 + 1 + (longIds + 1 + (context - 2)) / (context - 1);
    assertEquals(expectedWindows, rows.size());

    Set<String> singleWindowTexts = new HashSet<>();
    int textTokens = 0;
    int eos = 0;
    for (Row r : rows) {
      assertEquals("text", r.getAs("task"));
      assertEquals(text.version(), r.getAs("text_tokenizer"));
      int[] tokens = RowArrays.ints(r, r.fieldIndex("tokens"));
      boolean[] loss = RowArrays.booleans(r, r.fieldIndex("loss_mask"));
      int used = r.getAs("num_tokens");
      assertEquals(context, tokens.length, "padded to the context");
      assertEquals(layout.bos(), tokens[0]);
      List<Integer> ids = new ArrayList<>();
      for (int i = 1; i < used; i++) {
        assertTrue(loss[i], "loss on every token after BOS");
        if (tokens[i] == layout.eos()) {
          eos++;
          assertEquals(used - 1, i, "EOS ends the document");
        } else {
          ids.add(tokens[i]);
        }
      }
      for (int i = used; i < context; i++) {
        assertEquals(layout.pad(), tokens[i]);
      }
      textTokens += ids.size();
      if (tokens[used - 1] == layout.eos() && ids.size() < longIds) {
        singleWindowTexts.add(text.decode(ids.stream().mapToInt(Integer::intValue).toArray()));
      }
    }
    assertEquals(3, eos, "one EOS per document");
    assertEquals(text.encode(SHORT).length + text.encode(OTHER).length + longIds, textTokens,
        "no token lost or repeated across windows");
    assertTrue(singleWindowTexts.containsAll(List.of(SHORT, OTHER)), singleWindowTexts.toString());

    JobSummary again = TextPackJob.run(spark, config);
    assertEquals(0, again.accepted());
    assertEquals(3, again.alreadyPresent());
    assertEquals(rows.size(), DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).count());
  }

  @Test
  void withoutTextDocsItSaysWhichJobToRunFirst(@TempDir Path dir) throws Exception {
    Path tokenizer = TinyTokenizers.directory(dir.resolve("tokenizer"), 3, SHORT);
    PackConfig config = new PackConfig(TestSpark.lakehouse(dir), TokenizerFiles.vqDir(tokenizer.toString()),
        TokenizerFiles.textTokenizer(tokenizer.toString()), 12, 0.5, 0.1, "pad", 8, 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TextPackJob.run(spark, config));
    assertTrue(e.getMessage().contains("synergen ingest-text"), e.getMessage());
  }
}
