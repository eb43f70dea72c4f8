package dev.synergen.tokenization.textcorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.ingest.HashSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning on the driver (listing, refusals, grouping into tasks) and reading a planned unit, without Spark. */
class TextFilesTest {
  @TempDir Path dir;

  private static TextIngestConfig config(TextFormat format, long bytesPerTask, Path... inputs) {
    return new TextIngestConfig(java.util.Arrays.stream(inputs).map(Path::toString).toList(), format,
        TextLimits.defaults(), HashSplit.defaults(), bytesPerTask, 64);
  }

  /** Every outcome row of a plan as {@code file/key=kind:REASON-or-text}. */
  private List<String> readAll(TextIngestPlan plan, TextFormat format) throws Exception {
    List<String> out = new ArrayList<>();
    LongAccumulator rows = new LongAccumulator();
    var it = new ReadTextFiles(format, TextLimits.defaults(), HashSplit.defaults(), rows).call(plan.units().iterator());
    while (it.hasNext()) {
      Row r = it.next();
      // the function's rows carry no schema (Spark attaches TextOutcomeRows.SCHEMA): fields by position
      out.add(Path.of(r.getString(2)).getFileName() + "/" + r.getString(3) + "="
          + (r.getString(0).equals("doc") ? r.getString(4) : r.getString(7)));
    }
    assertEquals(out.size(), rows.value(), "every row is counted for progress");
    return out;
  }

  @Test
  void filesAreGroupedIntoTasksByBytesInPathOrder() throws IOException {
    for (String name : List.of("a", "b", "c", "d")) {
      DebianTextFixtures.write(dir.resolve(name), "0123456789\n"); // 11 bytes each
    }
    TextIngestPlan plan = TextFiles.plan(config(TextFormat.LINES, 25, dir));
    assertEquals(4, plan.files());
    assertEquals(2, plan.units().size(), "two files of 11 bytes fit 25, a third does not: " + plan.units());
    assertTrue(plan.units().get(0).contains("/a\"") && plan.units().get(0).contains("/b\""), plan.units().get(0));
    assertEquals(4, TextFiles.plan(config(TextFormat.LINES, 1, dir)).units().size(), "a large file is its own task");
  }

  @Test
  void aLinkTheUserNamesIsFollowedButLinksAndHiddenDirectoriesInsideAreRefusedUnread() throws Exception {
    Path real = DebianTextFixtures.write(dir.resolve("store/words"), "alpha\nbeta\n");
    Path named = Files.createSymbolicLink(dir.resolve("words-link"), real);
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.createSymbolicLink(corpus.resolve("inner-link"), real);
    DebianTextFixtures.write(corpus.resolve(".git/config"), "[core]\n");
    DebianTextFixtures.write(corpus.resolve("ok.txt"), "gamma\n");

    TextIngestPlan plan = TextFiles.plan(config(TextFormat.LINES, 1 << 20, named, corpus));
    assertEquals(2, plan.files());
    assertEquals(2, plan.refusedFiles());
    assertEquals(List.of(".git/=UNSAFE_PATH", "inner-link/=UNSAFE_PATH", "ok.txt/line:1=gamma", "words/line:1=alpha",
        "words/line:2=beta"), readAll(plan, TextFormat.LINES).stream().sorted().toList());
  }

  @Test
  void aFileThatVanishesAfterListingIsOneUnreadableSourceReject() throws Exception {
    DebianTextFixtures.write(dir.resolve("stays.txt"), "here\n");
    Path gone = DebianTextFixtures.write(dir.resolve("vanishes.txt"), "soon gone\n");
    TextIngestPlan plan = TextFiles.plan(config(TextFormat.LINES, 1 << 20, dir));
    Files.delete(gone);
    assertEquals(List.of("stays.txt/line:1=here", "vanishes.txt/=UNREADABLE_SOURCE"), readAll(plan, TextFormat.LINES));
  }

  @Test
  void aMissingInputOrAnObjectStoreUriFailsBeforeAnyWork() {
    PipelineException missing = assertThrows(PipelineException.class,
        () -> TextFiles.plan(config(TextFormat.LINES, 1, dir.resolve("nope"))));
    assertTrue(missing.getMessage().contains("[INGEST_INPUT_MISSING] text input " + dir.resolve("nope")
        + " does not exist"), missing.getMessage());
    PipelineException remote = assertThrows(PipelineException.class, () -> TextFiles.plan(
        new TextIngestConfig(List.of("s3a://bucket/corpus"), TextFormat.LINES, TextLimits.defaults(),
            HashSplit.defaults(), 1, 1)));
    assertTrue(remote.getMessage().contains("[INGEST_INPUT_NOT_LOCAL]"), remote.getMessage());
  }
}
