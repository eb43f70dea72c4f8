package dev.synergen.tokenization.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layout of DESIGN section 5 on a hand-made vocabulary: 10 text ids, then PAD=10, BOS=11, EOS=12,
 * IMG_START=13, IMG_END=14, UNCOND=15, then image codes 0..3 as ids 16..19.
 */
class SampleLayoutTest {
  private static final boolean F = false;
  private static final boolean T = true;
  private final SampleLayout layout = new SampleLayout(new VocabularyLayout(10, 4));
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
  void captionDropoutReplacesTheCaptionByUncond() {
    PackedSample s = layout.textToImage(caption, codes, true);
    assertArrayEquals(new int[] {11, 15, 13, 16, 19, 17, 18, 14, 12}, s.tokens());
    assertArrayEquals(new boolean[] {F, F, F, T, T, T, T, F, F}, s.lossMask());
  }

  @Test
  void idsOutsideTheLayoutAreErrorsNotClamped() {
    PipelineException code = assertThrows(PipelineException.class,
        () -> layout.imageToText(new int[] {0, 4}, caption));
    assertEquals("[TOKEN_OUT_OF_RANGE] image code 4 is outside the codebook [0, 4) of VocabularyLayout[textVocab=10, "
        + "codebookSize=4]; the image tokenizer does not match the layout", code.getMessage());
    PipelineException text = assertThrows(PipelineException.class,
        () -> layout.textToImage(new int[] {10}, codes, false));
    assertEquals(SampleLayout.OUT_OF_RANGE, text.errorClass());
  }

  @Test
  void padFillsTheContextWithPadWithoutLoss() {
    SequencePacker packer = new SequencePacker(12, 10);
    SequencePacker.Sequence s = packer.pad(layout.imageToText(codes, caption));
    assertArrayEquals(new int[] {11, 13, 16, 19, 17, 18, 14, 5, 7, 12, 10, 10}, s.tokens());
    assertArrayEquals(new boolean[] {F, F, F, F, F, F, F, T, T, T, F, F}, s.lossMask());
    assertEquals(10, s.usedTokens());
  }

  @Test
  void packPlacesConsecutiveSamplesGreedily() {
    PackedSample a = new PackedSample("i2t", new int[] {1, 2, 3, 4, 5}, new boolean[] {F, F, T, T, T});
    PackedSample b = new PackedSample("i2t", new int[] {6, 7, 8, 9}, new boolean[] {F, T, T, T});
    PackedSample c = new PackedSample("i2t", new int[] {1, 1, 1, 1, 1, 1}, new boolean[] {T, T, T, T, T, T});
    List<SequencePacker.Sequence> seqs = new SequencePacker(10, 0).pack(List.of(a, b, c));
    assertEquals(2, seqs.size());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 0}, seqs.get(0).tokens());
    assertArrayEquals(new boolean[] {F, F, T, T, T, F, T, T, T, F}, seqs.get(0).lossMask());
    assertEquals(List.of(0, 1), seqs.get(0).members());
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, seqs.get(1).tokens());
    assertEquals(List.of(2), seqs.get(1).members());
    assertThrows(IllegalArgumentException.class, () -> new SequencePacker(5, 0).pack(List.of(a, c)));
  }
}
