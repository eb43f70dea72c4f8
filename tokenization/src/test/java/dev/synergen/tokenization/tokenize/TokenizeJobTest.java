package dev.synergen.tokenization.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.bench.ShapesLikeImages;
import dev.synergen.tokenization.fixtures.TinyTokenizers;
import dev.synergen.tokenization.ml.ModelCache;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code synergen tokenize} on a hand-made raw_pairs table of five pairs, one of them unreadable. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenizeJobTest {
  private static final String[] CAPTIONS = {"a red circle", "a blue square", "two green triangles", "a red square",
      "a gray circle"};

  private final SparkSession spark = TestSpark.session();
  private Path vqPath;
  private Path remapPath;
  /** One clean run shared by the tests: job runs on Delta cost seconds each. */
  private Lakehouse clean;
  private JobSummary first;

  @BeforeAll
  void models(@TempDir Path models) throws Exception {
    vqPath = TinyTokenizers.vq(models.resolve("vq"), 2);
    remapPath = TinyTokenizers.remap(models.resolve("text_remap.json"), CAPTIONS);
    clean = TestSpark.lakehouse(models.resolve("clean"));
    writeRawPairs(clean);
    first = TokenizeJob.run(spark, config(clean));
  }

  @AfterAll
  void clearCache() {
    ModelCache.clear();
  }

  private void writeRawPairs(Lakehouse lakehouse) throws Exception {
    ShapesLikeImages scenes = new ShapesLikeImages(32, 4);
    List<Row> rows = new ArrayList<>();
    Timestamp at = Timestamp.valueOf("2026-11-25 12:00:00");
    for (int i = 0; i < CAPTIONS.length; i++) {
      byte[] image;
      if (i == 3) {
        image = "not an image".getBytes();
      } else {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(scenes.image(i), "png", png);
        image = png.toByteArray();
      }
      rows.add(RowFactory.create("pair" + i, "test", "key" + i, image, "png", 32, 32, CAPTIONS[i], null,
          i == 4 ? "test" : "train", "ingest-run", at));
    }
    DeltaTables.insertNew(spark, lakehouse, PipelineTables.RAW_PAIRS,
        spark.createDataFrame(rows, PipelineTables.RAW_PAIRS.schema()));
  }

  private TokenizeJob.Config config(Lakehouse lakehouse) {
    return new TokenizeJob.Config(lakehouse, vqPath.toString(), remapPath.toString(), 2, "auto");
  }

  /** tokenized_pairs without the run column, sorted, as strings. */
  private List<String> tokenized(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS).drop("tokenize_run").orderBy("pair_id")
        .collectAsList().stream().map(Row::toString).toList();
  }

  private List<String> rejects(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).orderBy("source_key").collectAsList().stream()
        .map(r -> r.getAs("stage") + "/" + r.getAs("source_key") + "/" + r.getAs("reason_code")).toList();
  }

  @Test
  void tokenizesNewPairsRejectsUnreadableImagesAndBalances() throws Exception {
    Lakehouse lakehouse = clean;
    JobSummary summary = first;
    assertEquals(5, summary.input());
    assertEquals(4, summary.accepted());
    assertEquals(0, summary.alreadyPresent());
    assertEquals(Map.of(RejectReason.NOT_AN_IMAGE.name(), 1L), summary.rejectedByReason());
    assertTrue(summary.balanced(), summary.toJson());
    assertEquals(3, summary.extra().get("encode_tasks"), "5 rows are 3 batches of 2, fewer than 2 tasks x 2 slots");
    assertEquals(List.of("tokenize/key3/NOT_AN_IMAGE"), rejects(lakehouse));

    List<Row> rows = DeltaTables.read(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS).orderBy("pair_id")
        .collectAsList();
    assertEquals(4, rows.size());
    Row first = rows.get(0);
    assertEquals("pair0", first.getAs("pair_id"));
    assertEquals(8, (int) first.getAs("grid_h"));
    assertEquals(64, first.getList(first.fieldIndex("image_codes")).size());
    BpeTextTokenizer text = new BpeTextTokenizer(VocabularyRemap.load(remapPath));
    List<Integer> ids = first.getList(first.fieldIndex("text_ids"));
    assertEquals("a red circle", text.decode(ids.stream().mapToInt(Integer::intValue).toArray()));
    assertEquals("test", rows.get(3).getAs("split"), "pair4 keeps its split");
    try (VqTokenizer vq = VqTokenizer.load(vqPath)) {
      assertEquals(vq.version(), first.getAs("image_tokenizer"));
    }
  }

  @Test
  void runningTwiceAddsNothing() throws Exception {
    Lakehouse lakehouse = clean;
    List<String> once = tokenized(lakehouse);
    JobSummary again = TokenizeJob.run(spark, config(lakehouse));
    assertEquals(0, again.accepted());
    assertEquals(4, again.alreadyPresent());
    assertEquals(1, again.rejected(), "the unreadable image is tried again and rejected again");
    assertTrue(again.balanced());
    assertEquals(once, tokenized(lakehouse));
    assertEquals(1, rejects(lakehouse).size(), "rejects are keyed, not repeated");
  }

  private TokenizeJob.Config batched(Lakehouse lakehouse, String faults) {
    TokenizeJob.Config c = config(lakehouse);
    return new TokenizeJob.Config(c.lakehouse(), c.imageTokenizer(), c.textTokenizer(), c.batchSize(), c.device(), 2,
        FaultPlan.parse(faults, "tokenize.faults"));
  }

  @Test
  void withTwoRowsPerCommitACrashKeepsTheCommittedBatchesAndTheRerunAddsOnlyTheRest(@TempDir Path dir)
      throws Exception {
    Lakehouse crashed = TestSpark.lakehouse(dir.resolve("crashed"));
    writeRawPairs(crashed);
    FaultPlan.InjectedFault crash = assertThrows(FaultPlan.InjectedFault.class,
        () -> TokenizeJob.run(spark, batched(crashed, "batch_committed:batch=1")));
    assertEquals("injected fault at batch_committed {batch=1}", crash.getMessage());
    List<String> kept = tokenized(crashed);
    assertTrue(tokenized(clean).containsAll(kept), "what was committed is what a clean run writes");

    JobSummary resumed = TokenizeJob.run(spark, batched(crashed, ""));
    long todo = resumed.input() - resumed.alreadyPresent();
    assertEquals((int) (todo + 1) / 2, resumed.extra().get("commits"), "2 pairs per commit");
    assertEquals(kept.size(), resumed.alreadyPresent(), "committed batches are skipped, not redone");
    assertEquals(4 - kept.size(), resumed.accepted());
    assertTrue(resumed.balanced());
    assertEquals(tokenized(clean), tokenized(crashed));
    assertEquals(rejects(clean), rejects(crashed));
  }

  @Test
  void aCrashInsideADeltaCommitLeavesNothingARerunWouldReadTwice(@TempDir Path dir) throws Exception {
    Lakehouse crashed = TestSpark.lakehouse(dir.resolve("crashed"));
    writeRawPairs(crashed);
    // fires in the tasks of the MERGE into tokenized_pairs: the transaction is open, its log entry unwritten
    Exception crash = assertThrows(Exception.class,
        () -> TokenizeJob.run(spark, batched(crashed, "delta_write:table=0")));
    assertTrue(String.valueOf(crash.getMessage()).contains("injected fault at delta_write {batch="),
        crash.toString());
    assertEquals(List.of(), tokenized(crashed), "the interrupted commit is not visible");
    JobSummary resumed = TokenizeJob.run(spark, batched(crashed, ""));
    assertTrue(resumed.balanced());
    assertEquals(tokenized(clean), tokenized(crashed));
    assertEquals(rejects(clean), rejects(crashed));
  }
}
