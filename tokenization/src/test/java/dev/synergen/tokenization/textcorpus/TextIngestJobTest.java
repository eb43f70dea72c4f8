package dev.synergen.tokenization.textcorpus;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.ingest.HashSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synergen ingest-text} end to end on hostile files: real Spark, real Delta, tiny data. */
class TextIngestJobTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /**
   * Nine files and a link: 14 records, 6 of them good documents. Every file is a few bytes except
   * one with a 10 MB line.
   */
  private Path hostileCorpus() throws IOException {
    Path root = Files.createDirectories(dir.resolve("corpus"));
    DebianTextFixtures.write(root.resolve("good.txt"), "the cat sat on the mat\nthe dog barked\n\nthe cat sat on the mat\n");
    DebianTextFixtures.write(root.resolve("bad-utf8.txt"), bytes("fine line\ncaf", new byte[] {(byte) 0xE9}, "\n"));
    DebianTextFixtures.write(root.resolve("nul.txt"), bytes("abc", new byte[] {0}, "def\nok nul neighbour\n"));
    byte[] huge = new byte[10 << 20];
    Arrays.fill(huge, (byte) 'w');
    DebianTextFixtures.write(root.resolve("huge.txt"), bytes("", huge, "\nsmall after huge\n"));
    DebianTextFixtures.write(root.resolve("empty.txt"), new byte[0]);
    DebianTextFixtures.write(root.resolve("blank.txt"), "\n  \n\t\n");
    DebianTextFixtures.write(root.resolve("nested/deeper/inner.txt"), "from a nested directory\n");
    DebianTextFixtures.write(root.resolve(".hidden.txt"), "never read\n");
    Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("good.txt"));
    return root;
  }

  private static byte[] bytes(String head, byte[] middle, String tail) {
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] t = tail.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(h, h.length + middle.length + t.length);
    System.arraycopy(middle, 0, out, h.length, middle.length);
    System.arraycopy(t, 0, out, h.length + middle.length, t.length);
    return out;
  }

  private static TextIngestConfig config(TextFormat format, long bytesPerTask, int tasksPerCommit, Path... inputs) {
    return new TextIngestConfig(Arrays.stream(inputs).map(Path::toString).toList(), format, TextLimits.defaults(),
        HashSplit.defaults(), bytesPerTask, tasksPerCommit);
  }

  /** text_docs without the run columns, sorted: what "the same rows" means across runs. */
  private List<String> docs(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PipelineTables.TEXT_DOCS)
        .select("doc_id", "source", "source_key", "text", "chars", "split")
        .orderBy("doc_id").collectAsList().stream().map(Row::toString).toList();
  }

  /** Rejects as {@code file/key=REASON}, sorted. */
  private List<String> rejects(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).orderBy("source", "source_key")
        .collectAsList().stream().map(r -> dir.resolve("corpus").toAbsolutePath().relativize(
            Path.of(r.<String>getAs("source"))) + "/" + r.getAs("source_key") + "=" + r.getAs("reason_code")).toList();
  }

  @Test
  void hostileFilesBecomeDocumentsOrRejectsWithExactReasonsAndABalancedSummary() throws IOException {
    Path corpus = hostileCorpus();
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    // good.txt is named twice (in the directory and on its own): it is read once
    JobSummary summary = TextIngestJob.run(spark, lakehouse,
        config(TextFormat.LINES, 64L << 20, 64, corpus, corpus.resolve("good.txt")), RunId.create("ingest-text"));

    assertEquals(14, summary.input());
    assertEquals(6, summary.accepted());
    assertEquals(0, summary.alreadyPresent());
    assertEquals(Map.of("DUPLICATE_TEXT", 1L, "EMPTY_FILE", 2L, "TEXT_BAD_UTF8", 1L, "TEXT_CONTROL_CHARACTER", 1L,
        "TEXT_TOO_LONG", 1L, "UNSAFE_PATH", 2L), summary.rejectedByReason());
    assertTrue(summary.balanced());
    assertEquals(7, summary.extra().get("files"));
    assertEquals(2, summary.extra().get("refused_files"));
    assertEquals(2L, summary.extra().get("empty_files"));
    assertEquals(Map.of("text_docs", 0L), summary.tablesRead());

    List<Row> rows = DeltaTables.read(spark, lakehouse, PipelineTables.TEXT_DOCS).orderBy("text").collectAsList();
    assertEquals(List.of("fine line", "from a nested directory", "ok nul neighbour", "small after huge",
        "the cat sat on the mat", "the dog barked"), rows.stream().map(r -> r.<String>getAs("text")).toList());
    Row cat = rows.get(4);
    assertEquals(DocId.of("the cat sat on the mat"), cat.getAs("doc_id"));
    assertEquals(corpus.resolve("good.txt").toString(), cat.getAs("source"));
    assertEquals("line:1", cat.getAs("source_key"), "the first of two equal lines is kept");
    assertEquals(22, (int) cat.getAs("chars"));
    assertEquals(HashSplit.defaults().assign(cat.getAs("doc_id")), cat.getAs("split"));
    assertEquals(summary.runId(), cat.getAs("ingest_run"));

    assertEquals(List.of(".hidden.txt/=UNSAFE_PATH", "bad-utf8.txt/line:2=TEXT_BAD_UTF8", "blank.txt/=EMPTY_FILE",
        "empty.txt/=EMPTY_FILE", "good.txt/line:4=DUPLICATE_TEXT", "huge.txt/line:1=TEXT_TOO_LONG",
        "link.txt/=UNSAFE_PATH", "nul.txt/line:1=TEXT_CONTROL_CHARACTER"), rejects(lakehouse));
    Row link = DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).where(col("reason_code")
        .equalTo("UNSAFE_PATH").and(col("source").endsWith("link.txt"))).head();
    assertEquals("the file is a symbolic link; links inside an input directory are not followed", link.getAs("detail"));
    assertEquals(TextIngestJob.STAGE, link.getAs("stage"));
  }

  @Test
  void ingestingTwiceAddsNothing() throws IOException {
    Path corpus = hostileCorpus();
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    TextIngestJob.run(spark, lakehouse, config(TextFormat.LINES, 64L << 20, 64, corpus), RunId.create("ingest-text"));
    List<String> docs = docs(lakehouse);
    List<String> rejects = rejects(lakehouse);

    JobSummary again = TextIngestJob.run(spark, lakehouse, config(TextFormat.LINES, 64L << 20, 64, corpus),
        RunId.create("ingest-text"));
    assertEquals(0, again.accepted());
    assertEquals(6, again.alreadyPresent());
    assertEquals(8, again.rejected());
    assertTrue(again.balanced());
    assertEquals(1L, again.tablesRead().get("text_docs"), "the second run read the version the first wrote");
    assertEquals(docs, docs(lakehouse));
    assertEquals(rejects, rejects(lakehouse));
  }

  @Test
  void aCrashBetweenTheDocumentAndRejectCommitsThenARerunGivesTheRowsOfACleanRun(@TempDir Path cleanDir)
      throws IOException {
    Path corpus = hostileCorpus();
    // one file per task, four tasks per commit: [refused names, bad-utf8, blank, empty], [good, huge, inner, nul];
    // the crash lands after the first commit's documents and before its rejects
    TextIngestConfig config = config(TextFormat.LINES, 1, 4, corpus);
    Lakehouse clean = TestSpark.lakehouse(cleanDir);
    TextIngestJob.run(spark, clean, config, RunId.create("ingest-text"));

    Lakehouse crashed = TestSpark.lakehouse(dir);
    TextIngestJob.Observer crashAfterFirstDocs = new TextIngestJob.Observer() {
      @Override
      public void docsCommitted(int batch, int batches) {
        if (batch == 0) {
          throw new IllegalStateException("simulated driver crash between the text_docs and rejects commits");
        }
      }
    };
    assertThrows(IllegalStateException.class,
        () -> TextIngestJob.run(spark, crashed, config, RunId.create("ingest-text"), crashAfterFirstDocs));
    assertEquals(1, DeltaTables.read(spark, crashed, PipelineTables.TEXT_DOCS).count(), "bad-utf8.txt's one document");

    JobSummary rerun = TextIngestJob.run(spark, crashed, config, RunId.create("ingest-text"));
    assertEquals(1, rerun.alreadyPresent());
    assertEquals(5, rerun.accepted());
    assertTrue(rerun.balanced());
    assertEquals(docs(clean), docs(crashed));
    assertEquals(rejects(clean), rejects(crashed));
  }

  @Test
  void wordnetAndFortuneFilesInTheDebianLayoutAreReadAndTheirIndexFilesRefused() throws IOException {
    Path wordnet = Files.createDirectories(dir.resolve("corpus/wordnet"));
    DebianTextFixtures.write(wordnet.resolve("data.noun"), DebianTextFixtures.WORDNET_NOUN);
    DebianTextFixtures.write(wordnet.resolve("data.verb"), DebianTextFixtures.WORDNET_VERB);
    DebianTextFixtures.write(wordnet.resolve("index.noun"), "entity n 1 1 ~ 1 0 00001740\n");
    Path fortunes = Files.createDirectories(dir.resolve("corpus/fortunes"));
    DebianTextFixtures.write(fortunes.resolve("wisdom"), DebianTextFixtures.FORTUNE);
    DebianTextFixtures.write(fortunes.resolve("wisdom.dat"), new byte[] {0, 0, 0, 2, 0, 0, 0, 3, '%', 0});
    Lakehouse lakehouse = TestSpark.lakehouse(dir);

    JobSummary glosses = TextIngestJob.run(spark, lakehouse, config(TextFormat.WORDNET, 64L << 20, 64, wordnet),
        RunId.create("ingest-text"));
    assertEquals(4, glosses.accepted());
    assertEquals(Map.of("UNSUPPORTED_FILE", 1L), glosses.rejectedByReason());
    JobSummary entries = TextIngestJob.run(spark, lakehouse, config(TextFormat.FORTUNE, 64L << 20, 64, fortunes),
        RunId.create("ingest-text"));
    assertEquals(3, entries.accepted());
    assertEquals(Map.of("UNSUPPORTED_FILE", 1L), entries.rejectedByReason());

    Map<String, String> byKey = new java.util.TreeMap<>();
    DeltaTables.read(spark, lakehouse, PipelineTables.TEXT_DOCS).collectAsList()
        .forEach(r -> byKey.put(Path.of(r.<String>getAs("source")).getFileName() + "/" + r.getAs("source_key"),
            r.getAs("text")));
    assertEquals("an entity that has physical existence", byKey.get("data.noun/synset:00001930"));
    assertEquals("undergo the biomedical and metabolic processes of respiration; \"we respire\"",
        byKey.get("data.verb/synset:00002325"));
    assertEquals("Q:\tWhat is the answer?\nA:\tForty-two.\n\n\t\t-- Douglas Adams", byKey.get("wisdom/line:5"));
    assertEquals(7, byKey.size());
  }
}
