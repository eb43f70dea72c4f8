package dev.synergen.eval.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.tokenization.text.BpeEncodings;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.text.VocabularyRemap;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Candidates are only ranked when the tokenizer gives each its own exact ids. */
class ChoicesTest {
  /** A compact remap of the pieces of {@code texts}, as tokenizer-train builds one from captions. */
  private static TextCodec remapOf(String... texts) {
    int[] pieces = Arrays.stream(texts).flatMapToInt(t -> IntStream.of(
        BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE, t))).distinct().toArray();
    return new BpeTextTokenizer(VocabularyRemap.of(BpeEncodings.CL100K_BASE, pieces));
  }

  @Test
  void answersACaptionRemapCannotSpellAreNamedAndNotRanked() {
    TextCodec captions = remapOf("a red circle above a blue square");
    String why = Choices.unanswerable(captions, List.of("yes", "no"));
    assertTrue(why != null && why.endsWith("cannot spell ' yes', ' no' (unknown-token pieces)"), why);
    // options continue the question after a space: " red" is a piece of the captions ("red" alone is not)
    assertNull(Choices.unanswerable(captions, List.of("red", "blue")));
    assertEquals("the text tokenizer " + captions.version() + " cannot spell ' green' (unknown-token pieces)",
        Choices.unanswerable(captions, List.of("red", "green")));
  }

  @Test
  void answersTheTokenizerSpellsDistinctlyAreRanked() {
    assertNull(Choices.unanswerable(remapOf("say yes or no"), List.of("yes", "no")));
  }

  @Test
  void theBestOptionOfARotationIsNamedByWhereThatRotationShowsIt() {
    double[] original = {-3.0, -1.0, -2.0, -4.0}; // option 1 is the model's
    // rotation k shows original option (shown + k) mod 4 at position shown: option 1 at (1 - k) mod 4
    assertEquals(1, Choices.bestShown(original, 0));
    assertEquals(0, Choices.bestShown(original, 1));
    assertEquals(3, Choices.bestShown(original, 2));
    assertEquals(2, Choices.bestShown(original, 3));
    // a tie goes to the earlier shown position, as asking each rotation alone did
    assertEquals(0, Choices.bestShown(new double[] {-1.0, -1.0}, 0));
    assertEquals(0, Choices.bestShown(new double[] {-1.0, -1.0}, 1));
  }
}
