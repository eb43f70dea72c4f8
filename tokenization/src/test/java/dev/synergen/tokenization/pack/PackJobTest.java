package dev.synergen.tokenization.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.text.BpeEncodings;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synergen pack} on three hand-made tokenized pairs of the tiny tokenizer (8x8 codes). */
class PackJobTest {
  private final SparkSession spark = TestSpark.session();

  private String imageVersion;
  private int[] codes;

  /** The tiny tokenizer, a 4-id remap and tokenized pairs a (train), b (test), long (train), other (foreign). */
  private PackConfig setUp(Path dir, int contextLength, String mode) throws Exception {
    Path vqPath = dir.resolve("vq");
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      t.save(vqPath);
      imageVersion = t.version();
    }
    Path remapPath = dir.resolve("remap.json");
    VocabularyRemap remap = VocabularyRemap.of(BpeEncodings.CL100K_BASE, new int[] {64, 65, 66, 67});
    remap.save(remapPath);
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    List<Row> rows = new ArrayList<>();
    codes = new int[64];
    for (int i = 0; i < 64; i++) {
      codes[i] = i * 4;
    }
    List<Integer> codeList = java.util.Arrays.stream(codes).boxed().toList();
    rows.add(RowFactory.create("a", imageVersion, remap.version(), 8, 8, codeList, List.of(1, 2), "train", "r"));
    rows.add(RowFactory.create("b", imageVersion, remap.version(), 8, 8, codeList, List.of(3), "test", "r"));
    rows.add(RowFactory.create("long", imageVersion, remap.version(), 8, 8, codeList, java.util.Collections.nCopies(20, 4),
        "train", "r"));
    rows.add(RowFactory.create("other", "vq-0000000000000000", remap.version(), 8, 8, codeList, List.of(1), "train", "r"));
    DeltaTables.insertNew(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS,
        spark.createDataFrame(rows, PipelineTables.TOKENIZED_PAIRS.schema()));
    return new PackConfig(lakehouse, vqPath.toString(), remapPath.toString(), contextLength, 0.0, 0.0, mode, 1, 7);
  }

  @Test
  void padsEachPairIntoItsSequenceRejectsTooLongOnesAndIsIdempotent(@TempDir Path dir) throws Exception {
    // i2t: 1 + 1 + 64 + 1 + caption + 1 = 68 + caption tokens; "long" needs 88 > 80
    PackConfig config = setUp(dir, 80, "pad");
    Lakehouse lakehouse = config.lakehouse();
    JobSummary summary = PackJob.run(spark, config);
    assertEquals(3, summary.input(), "the pair of another tokenizer version is not read");
    assertEquals(2, summary.accepted());
    assertEquals(Map.of("SEQUENCE_TOO_LONG", 1L), summary.rejectedByReason());
    assertTrue(summary.balanced());

    List<Row> seqs = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).orderBy("split").collectAsList();
    assertEquals(2, seqs.size());
    Row b = seqs.get(0);
    assertEquals("test", b.getAs("split"));
    assertEquals("i2t", b.getAs("task"));
    VocabularyLayout layout = new VocabularyLayout(5, 256);
    int[] expected = new int[80];
    java.util.Arrays.fill(expected, layout.pad());
    expected[0] = layout.bos();
    expected[1] = layout.imgStart();
    for (int i = 0; i < 64; i++) {
      expected[2 + i] = layout.imageToken(codes[i]);
    }
    expected[66] = layout.imgEnd();
    expected[67] = 3;
    expected[68] = layout.eos();
    assertArrayEquals(expected, b.<Integer>getList(b.fieldIndex("tokens")).stream().mapToInt(Integer::intValue).toArray());
    List<Boolean> loss = b.getList(b.fieldIndex("loss_mask"));
    for (int i = 0; i < 80; i++) {
      assertEquals(i == 67 || i == 68, loss.get(i), "loss at " + i);
    }
    assertEquals(69, (int) b.getAs("num_tokens"));
    assertEquals(PackJob.DEFAULT_QUALITY, (double) b.getAs("quality"));

    JobSummary again = PackJob.run(spark, config);
    assertEquals(0, again.accepted());
    assertEquals(2, again.alreadyPresent());
    assertTrue(again.balanced());
    assertEquals(2, DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).count());
  }

  @Test
  void packModeSharesSequencesWithinASplit(@TempDir Path dir) throws Exception {
    // a (70 tokens) and long (88) fit one context of 160; b is alone in the test split
    PackConfig config = setUp(dir, 160, "pack");
    JobSummary summary = PackJob.run(spark, config);
    assertEquals(3, summary.accepted());
    assertTrue(summary.balanced());
    List<Row> seqs = DeltaTables.read(spark, config.lakehouse(), PipelineTables.SEQUENCES).orderBy("split")
        .collectAsList();
    assertEquals(2, seqs.size());
    assertEquals(69, (int) seqs.get(0).getAs("num_tokens"), "test split: b alone");
    assertEquals(70 + 88, (int) seqs.get(1).getAs("num_tokens"), "train split: a and long together");
    List<Integer> tokens = seqs.get(1).getList(seqs.get(1).fieldIndex("tokens"));
    VocabularyLayout layout = new VocabularyLayout(5, 256);
    assertEquals(2, tokens.stream().filter(t -> t == layout.bos()).count(), "two samples, two BOS");
    assertEquals(layout.pad(), (int) tokens.get(159));
  }

  @Test
  void taskAndDropoutDrawsArePureFunctionsOfSeedAndPair() {
    assertEquals(PackFunctions.draw(7, "a", "task"), PackFunctions.draw(7, "a", "task"));
    int t2i = 0;
    for (int i = 0; i < 2000; i++) {
      if (PackFunctions.draw(7, "pair" + i, "task") < 0.3) {
        t2i++;
      }
    }
    assertTrue(t2i > 540 && t2i < 660, "about 30% of 2000 pairs draw t2i, got " + t2i);
  }

  private static PackConfig batched(PackConfig c, String faults) {
    return new PackConfig(c.lakehouse(), c.imageTokenizer(), c.textTokenizer(), c.contextLength(), c.t2iFraction(),
        c.captionDropout(), c.mode(), c.packBuckets(), c.seed(), 1, FaultPlan.parse(faults, "pack.faults"));
  }

  private List<String> sequences(Lakehouse lakehouse) {
    return DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).drop("pack_run").orderBy("seq_id")
        .collectAsList().stream().map(Row::toString).toList();
  }

  @Test
  void oneRowPerCommitSurvivesACrashBetweenBatchesAndARerunSkipsWhatIsCommitted(@TempDir Path dir) throws Exception {
    PackConfig clean = setUp(dir.resolve("clean"), 80, "pad");
    PackJob.run(spark, clean);
    PackConfig crashed = setUp(dir.resolve("crashed"), 80, "pad");
    FaultPlan.InjectedFault crash = assertThrows(FaultPlan.InjectedFault.class,
        () -> PackJob.run(spark, batched(crashed, "batch_committed:batch=1")));
    assertEquals("injected fault at batch_committed {batch=1}", crash.getMessage());
    long kept = DeltaTables.read(spark, crashed.lakehouse(), PipelineTables.SEQUENCES).count();

    JobSummary resumed = PackJob.run(spark, batched(crashed, ""));
    assertEquals(3, resumed.extra().get("commits"), "3 samples, 1 per commit");
    assertEquals(kept, resumed.alreadyPresent());
    assertTrue(resumed.balanced());
    assertEquals(sequences(clean.lakehouse()), sequences(crashed.lakehouse()));

    long version = DeltaTables.currentVersion(spark, crashed.lakehouse(), PipelineTables.SEQUENCES);
    JobSummary again = PackJob.run(spark, batched(crashed, ""));
    assertEquals(2, again.alreadyPresent());
    assertEquals(version, DeltaTables.currentVersion(spark, crashed.lakehouse(), PipelineTables.SEQUENCES),
        "every batch was committed, so no MERGE ran");
  }
}
