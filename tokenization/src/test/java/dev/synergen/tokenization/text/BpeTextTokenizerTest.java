package dev.synergen.tokenization.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.text.VocabularyRemap.BpeCount;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTextTokenizerTest {
  private static final List<String> CORPUS = List.of(
      "a red circle above a blue square",
      "two green triangles next to a yellow circle",
      "a purple square, a red triangle and three circles",
      "Ünïcödé captions: 日本語の説明 and emoji 🟥🔵");

  @TempDir Path dir;

  /** The remap a corpus aggregation would build: every BPE id the corpus uses, counted. */
  private static VocabularyRemap corpusRemap(int maxSize) {
    List<BpeCount> counts = new ArrayList<>();
    for (String caption : CORPUS) {
      for (int id : BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE, caption)) {
        counts.add(new BpeCount(id, 1));
      }
    }
    return VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, maxSize);
  }

  @Test
  void roundTripIsExactForTextInsideTheVocabulary() {
    BpeTextTokenizer tokenizer = new BpeTextTokenizer(corpusRemap(10_000));
    for (String caption : CORPUS) {
      assertTrue(tokenizer.covers(caption), caption);
      int[] ids = tokenizer.encode(caption);
      for (int id : ids) {
        assertTrue(id > 0 && id < tokenizer.vocabularySize(), "id " + id + " of " + caption);
      }
      assertEquals(caption, tokenizer.decode(ids));
    }
    // recombinations of known pieces are inside the vocabulary too
    assertEquals("a blue circle", tokenizer.decode(tokenizer.encode("a blue circle")));
    assertEquals("", tokenizer.decode(tokenizer.encode("")));
  }

  @Test
  void compactIdsAreDenseAndSmall() {
    VocabularyRemap remap = corpusRemap(10_000);
    int distinct = (int) CORPUS.stream().flatMapToInt(c -> java.util.Arrays.stream(
        BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE, c))).distinct().count();
    assertEquals(distinct + 1, remap.size(), "every used BPE id plus UNK");
    assertTrue(remap.size() < 100, "a handful of captions needs " + remap.size() + " ids, not 100,256");
  }

  @Test
  void unknownPiecesMapToUnk() {
    BpeTextTokenizer tokenizer = new BpeTextTokenizer(corpusRemap(10_000));
    String text = "a red zeppelin";
    assertFalse(tokenizer.covers(text));
    int[] ids = tokenizer.encode(text);
    int[] bpe = BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE, text);
    assertEquals(bpe.length, ids.length, "one compact id per BPE piece");
    assertEquals(VocabularyRemap.UNK_ID, ids[ids.length - 1], "the zeppelin piece");
    assertTrue(tokenizer.decode(ids).startsWith("a red"), tokenizer.decode(ids));
    assertTrue(tokenizer.decode(ids).contains(BpeTextTokenizer.UNK_TEXT), tokenizer.decode(ids));
  }

  @Test
  void specialTokenTextIsOrdinaryText() {
    String text = "<|endoftext|> is just text here";
    List<BpeCount> counts = new ArrayList<>();
    for (int id : BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE, text)) {
      counts.add(new BpeCount(id, 1));
    }
    BpeTextTokenizer tokenizer = new BpeTextTokenizer(VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 100));
    assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
  }

  @Test
  void fromCountsKeepsTheMostFrequentAndBreaksTiesByTheSmallerId() {
    List<BpeCount> counts = List.of(new BpeCount(500, 3), new BpeCount(7, 1), new BpeCount(42, 3),
        new BpeCount(9, 2), new BpeCount(7, 1), new BpeCount(1000, 1));
    VocabularyRemap remap = VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 5);
    // 42 and 500 tie at 3; then 7 (1 + 1) and 9 tie at 2; 1000 is cut by the cap
    assertArrayEquals(new int[] {42, 500, 7, 9}, remap.bpeIds());
    assertEquals(5, remap.size());
    assertEquals(1, remap.compact(42));
    assertEquals(VocabularyRemap.UNK_ID, remap.compact(1000));
    assertEquals(9, remap.bpe(4));
  }

  @Test
  void theRemapIsDeterministicWhateverTheOrderOfTheCounts() {
    List<BpeCount> counts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      counts.add(new BpeCount(i * 7, 1 + i % 5));
    }
    VocabularyRemap a = VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 101);
    Collections.shuffle(counts, new java.util.Random(3));
    VocabularyRemap b = VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 101);
    assertArrayEquals(a.bpeIds(), b.bpeIds());
    assertEquals(a.version(), b.version());
    assertNotEquals(a.version(), VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 100).version());
  }

  @Test
  void saveLoadRoundTrip() throws Exception {
    VocabularyRemap remap = corpusRemap(10_000);
    Path file = dir.resolve("text_remap.json");
    remap.save(file);
    VocabularyRemap loaded = VocabularyRemap.load(file);
    assertArrayEquals(remap.bpeIds(), loaded.bpeIds());
    assertEquals(remap.version(), loaded.version());
    assertEquals(remap.encoding(), loaded.encoding());
    BpeTextTokenizer tokenizer = new BpeTextTokenizer(loaded);
    assertArrayEquals(new BpeTextTokenizer(remap).encode(CORPUS.get(1)), tokenizer.encode(CORPUS.get(1)));
    assertTrue(remap.version().matches("bpe-cl100k_base-[0-9a-f]{16}"), remap.version());
  }

  @Test
  void anEditedRemapFileIsRefused() throws Exception {
    Path file = dir.resolve("text_remap.json");
    VocabularyRemap.of(BpeEncodings.CL100K_BASE, new int[] {10, 20, 30}).save(file);
    Files.writeString(file, Files.readString(file).replace("[10,20,30]", "[10,30,20]"));
    PipelineException e = assertThrows(PipelineException.class, () -> VocabularyRemap.load(file));
    assertEquals(TokenizationErrors.TEXT_REMAP_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().endsWith("the file was edited after it was saved"), e.getMessage());
  }

  @Test
  void badRemapsAreRefusedWithTheReason() {
    PipelineException duplicate = assertThrows(PipelineException.class,
        () -> VocabularyRemap.of(BpeEncodings.CL100K_BASE, new int[] {5, 6, 5}));
    assertEquals("[TEXT_REMAP_INVALID] BPE id 5 appears twice, at compact ids 1 and 3", duplicate.getMessage());
    PipelineException range = assertThrows(PipelineException.class, () -> VocabularyRemap.fromCounts(
        BpeEncodings.CL100K_BASE, List.of(new BpeCount(100_256, 1)), 10));
    assertEquals("[TEXT_REMAP_INVALID] BPE id 100256 is outside cl100k_base's [0, 100256); the counts were made with "
        + "another encoding", range.getMessage());
    PipelineException encoding = assertThrows(PipelineException.class,
        () -> VocabularyRemap.of("p50k_base", new int[] {1}));
    assertEquals(TokenizationErrors.TEXT_ENCODING_UNKNOWN.code(), encoding.errorClass());
  }

  @Test
  void decodeRefusesIdsOutsideTheCompactVocabulary() {
    BpeTextTokenizer tokenizer = new BpeTextTokenizer(VocabularyRemap.of(BpeEncodings.CL100K_BASE, new int[] {64}));
    PipelineException e = assertThrows(PipelineException.class, () -> tokenizer.decode(new int[] {1, 2}));
    assertEquals(TokenizationErrors.TEXT_ID_OUT_OF_RANGE.code(), e.errorClass());
    assertTrue(e.getMessage().startsWith("[TEXT_ID_OUT_OF_RANGE] text id 2 at position 1 is outside the compact "
        + "vocabulary [0, 2)"), e.getMessage());
  }

  @Test
  void theCompactVocabularyIsTheTextBlockOfTheUnifiedLayout() {
    VocabularyRemap remap = corpusRemap(10_000);
    VocabularyLayout layout = new VocabularyLayout(remap.size(), 1024);
    int[] ids = new BpeTextTokenizer(remap).encode(CORPUS.get(0));
    for (int id : ids) {
      assertTrue(layout.isText(layout.textToken(id)), "id " + id);
    }
  }

  @Test
  void encodingSizesMatchTheBundledRanks() {
    for (String name : List.of(BpeEncodings.CL100K_BASE, BpeEncodings.O200K_BASE, BpeEncodings.R50K_BASE)) {
      int last = BpeEncodings.size(name) - 1;
      var list = new com.knuddels.jtokkit.api.IntArrayList();
      list.add(last);
      assertTrue(BpeEncodings.get(name).decodeBytes(list).length > 0, name + " decodes its last ordinary id " + last);
    }
  }
}
