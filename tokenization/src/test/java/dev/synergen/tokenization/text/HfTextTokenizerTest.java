package dev.synergen.tokenization.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.fixtures.TinyLlmTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTextTokenizerTest {
  private static final String CAPTION = "a red circle above a blue square.";

  @TempDir
  Path dir;

  @Test
  void textIdsAreTheTokenizersOwnIdsWithoutAddedSpecialTokens() throws Exception {
    TinyLlmTokenizer.write(dir, 300, CAPTION);
    List<String> words = TinyLlmTokenizer.vocabulary(300, CAPTION);
    HfTextTokenizer t = HfTextTokenizer.open(dir);

    int[] ids = t.encode(CAPTION);

    int[] expected = List.of("a", "red", "circle", "above", "a", "blue", "square", ".").stream()
        .mapToInt(words::indexOf).toArray();
    assertArrayEquals(expected, ids);
    assertEquals("a red circle above a blue square .", t.decode(ids), "word-level decoding joins with spaces");
    assertEquals(300, t.vocabularySize(), "without config.json the tokenizer's own id count");
    assertEquals(0, t.encode("").length);
    assertEquals(0, t.encode("zeppelin")[0], "unknown words are the tokenizer's <unk>");
  }

  @Test
  void theConfigsPaddedVocabularySizesTheTextBlockAndPaddedIdsDecodeToNothing() throws Exception {
    TinyLlmTokenizer.write(dir, 300, CAPTION);
    TinyLlmTokenizer.writeConfig(dir, 320);
    HfTextTokenizer t = HfTextTokenizer.open(dir);

    assertEquals(320, t.vocabularySize());
    assertEquals(300, t.tokenizerIds());
    int red = t.encode("red")[0];
    assertEquals("red", t.decode(new int[] {red, 310, 319}));
    PipelineException e = assertThrows(PipelineException.class, () -> t.decode(new int[] {320}));
    assertTrue(e.getMessage().startsWith("[TEXT_ID_OUT_OF_RANGE]"), e.getMessage());
  }

  @Test
  void longTextsAreNeverTruncated() throws Exception {
    TinyLlmTokenizer.write(dir, 300, CAPTION);
    String text = (CAPTION + " ").repeat(500);

    assertEquals(8 * 500, HfTextTokenizer.open(dir).encode(text).length);
  }

  @Test
  void thePayloadRebuildsTheSameTokenizerOnAnExecutor() throws Exception {
    TinyLlmTokenizer.write(dir, 300, CAPTION);
    TinyLlmTokenizer.writeConfig(dir, 304);
    HfTextTokenizer t = HfTextTokenizer.open(dir);

    TextCodec copy = TextCodecs.fromPayload(TextCodecs.payload(dir));

    assertInstanceOf(HfTextTokenizer.class, copy);
    assertEquals(t.version(), copy.version());
    assertEquals(304, copy.vocabularySize());
    assertArrayEquals(t.encode(CAPTION), copy.encode(CAPTION));
  }

  @Test
  void theVersionNamesTheTokenizerAndTheVocabularySize() throws Exception {
    TinyLlmTokenizer.write(dir, 300, CAPTION);
    String plain = HfTextTokenizer.open(dir).version();
    TinyLlmTokenizer.writeConfig(dir, 320);
    String padded = HfTextTokenizer.open(dir).version();

    assertTrue(plain.matches("hf-[0-9a-f]{16}"), plain);
    assertNotEquals(plain, padded);
  }

  @Test
  void brokenTokenizerFilesAreRefusedWithTheirProblem() throws Exception {
    Files.createDirectories(dir);
    assertError("has no tokenizer.json", () -> HfTextTokenizer.open(dir));

    Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");
    assertError("is not valid JSON", () -> HfTextTokenizer.open(dir));

    Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\"}");
    assertError("has no model.vocab", () -> HfTextTokenizer.open(dir));

    Files.write(dir.resolve("tokenizer.json"), new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
    assertError("is not UTF-8 text", () -> HfTextTokenizer.open(dir));

    TinyLlmTokenizer.write(dir, 300, CAPTION);
    TinyLlmTokenizer.writeConfig(dir, 200);
    assertError("config.json says vocab_size 200 but the tokenizer has ids up to 299", () -> HfTextTokenizer.open(dir));

    Files.writeString(dir.resolve("config.json"), "{\"vocab_size\": \"many\"}");
    assertError("needs an integer vocab_size", () -> HfTextTokenizer.open(dir));
  }

  private static void assertError(String fragment, org.junit.jupiter.api.function.Executable call) {
    PipelineException e = assertThrows(PipelineException.class, call);
    assertTrue(e.getMessage().startsWith("[TEXT_TOKENIZER_INVALID]") && e.getMessage().contains(fragment),
        e.getMessage());
  }
}
