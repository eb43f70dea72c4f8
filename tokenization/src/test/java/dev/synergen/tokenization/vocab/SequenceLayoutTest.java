package dev.synergen.tokenization.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Layout of DESIGN section 5 on a hand-made vocabulary: 10 text ids, then PAD=10, BOS=11, EOS=12,
 * IMG_START=13, IMG_END=14, UNCOND=15, then image codes 0..3 as ids 16..19.
 */
class SequenceLayoutTest {
  private static final boolean F = false;
  private static final boolean T = true;
  private final SequenceLayout layout = new SequenceLayout(new VocabularyLayout(10, 4));
  private final int[] codes = {0, 3, 1, 2};
  private final int[] caption = {5, 7};

  @Test
  void imageToTextPutsTheImageFirstAndLossOnTheCaption() {
    PackedSample s = layout.imageToText(codes, caption);
    assertEquals("i2t", s.task());
    assertArrayEquals(new int[] {11, 13, 16, 19, 17, 18, 14, 5, 7, 12}, s.tokens());
    assertArrayEquals(new boolean[] {F, F, F, F, F, F, F, T, T, T}, s.lossMask());
  }

  @Test
  void textToImagePutsTheCaptionFirstAndLossOnTheCodes() {
    PackedSample s = layout.textToImage(caption, codes, false);
    assertEquals("t2i", s.task());
    assertArrayEquals(new int[] {11, 5, 7, 13, 16, 19, 17, 18, 14, 12}, s.tokens());
    assertArrayEquals(new boolean[] {F, F, F, F, T, T, T, T, F, F}, s.lossMask());
  }

  @Test
  void aTextDocumentIsCutIntoWindowsOfTheContextWithEosAfterItsLastToken() {
    // context 4: BOS and 3 tokens; 5 tokens need a full window and one of 2 tokens + EOS
    var windows = layout.textWindows(new int[] {1, 2, 3, 4, 5}, 4);
    assertEquals(2, windows.size());
    assertEquals("text", windows.get(0).task());
    assertArrayEquals(new int[] {11, 1, 2, 3}, windows.get(0).tokens());
    assertArrayEquals(new boolean[] {F, T, T, T}, windows.get(0).lossMask());
    assertArrayEquals(new int[] {11, 4, 5, 12}, windows.get(1).tokens());
    assertArrayEquals(new boolean[] {F, T, T, T}, windows.get(1).lossMask());
    // exactly a window's worth: the EOS does not fit, so it opens a window of its own
    var exact = layout.textWindows(new int[] {1, 2, 3}, 4);
    assertArrayEquals(new int[] {11, 1, 2, 3}, exact.get(0).tokens());
    assertArrayEquals(new int[] {11, 12}, exact.get(1).tokens());
    assertEquals(2, exact.size());
    assertThrows(PipelineException.class, () -> layout.textWindows(new int[] {10}, 4), "PAD is not a text id");
  }

  @Test
  void captionDropoutReplacesTheCaptionByUncond() {
    PackedSample s = layout.textToImage(caption, codes, true);
    assertArrayEquals(new int[] {11, 15, 13, 16, 19, 17, 18, 14, 12}, s.tokens());
    assertArrayEquals(new boolean[] {F, F, F, T, T, T, T, F, F}, s.lossMask());
  }

  @Test
  void theCaptionPromptIsTheUnderstandingSampleUpToItsFirstLossToken() {
    PackedSample sample = layout.imageToText(codes, caption);
    int[] prompt = layout.captionPrompt(codes);
    assertArrayEquals(Arrays.copyOf(sample.tokens(), prompt.length), prompt);
    assertEquals(prompt.length, firstLoss(sample));
    int[] answer = layout.answer(caption);
    assertArrayEquals(Arrays.copyOfRange(sample.tokens(), prompt.length, sample.length()), answer);
  }

  @Test
  void theGenerationPromptIsTheGenerationSampleUpToItsFirstCode() {
    PackedSample sample = layout.textToImage(caption, codes, false);
    int[] prompt = layout.generationPrompt(caption);
    assertArrayEquals(new int[] {11, 5, 7, 13}, prompt);
    assertArrayEquals(Arrays.copyOf(sample.tokens(), prompt.length), prompt);
    assertEquals(prompt.length, firstLoss(sample));
  }

  @Test
  void theUnconditionalPromptIsTheCaptionDropoutSampleUpToItsFirstCode() {
    PackedSample dropped = layout.textToImage(caption, codes, true);
    int[] prompt = layout.unconditionalPrompt();
    assertArrayEquals(Arrays.copyOf(dropped.tokens(), prompt.length), prompt);
    assertEquals(prompt.length, firstLoss(dropped));
  }

  @Test
  void aScoredAnswerWithoutQuestionIsExactlyTheUnderstandingSample() {
    PackedSample sample = layout.imageToText(codes, caption);
    int[] prefix = layout.scoringPrefix(codes, new int[0]);
    int[] answer = layout.answer(caption);
    int[] scored = Arrays.copyOf(prefix, prefix.length + answer.length);
    System.arraycopy(answer, 0, scored, prefix.length, answer.length);
    assertArrayEquals(sample.tokens(), scored);
    assertArrayEquals(new int[] {11, 13, 16, 19, 17, 18, 14, 9, 9}, layout.scoringPrefix(codes, new int[] {9, 9}));
    assertArrayEquals(new int[] {11, 4}, layout.scoringPrefix(null, new int[] {4}));
  }

  private static int firstLoss(PackedSample s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.lossMask()[i]) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void idsOutsideTheLayoutAreErrorsNotClamped() {
    PipelineException code = assertThrows(PipelineException.class,
        () -> layout.imageToText(new int[] {0, 4}, caption));
    assertEquals("[TOKEN_OUT_OF_RANGE] image code 4 is outside the codebook [0, 4) of VocabularyLayout[textVocab=10, "
        + "codebookSize=4]; the image tokenizer does not match the layout", code.getMessage());
    PipelineException text = assertThrows(PipelineException.class,
        () -> layout.textToImage(new int[] {10}, codes, false));
    assertEquals(TokenizationErrors.TOKEN_OUT_OF_RANGE.code(), text.errorClass());
  }
}
