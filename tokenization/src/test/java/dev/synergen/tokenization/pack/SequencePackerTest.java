package dev.synergen.tokenization.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.tokenization.vocab.PackedSample;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Padding and packing of laid-out samples into fixed-length sequences (vocabulary as in SequenceLayoutTest). */
class SequencePackerTest {
  private static final boolean F = false;
  private static final boolean T = true;
  private final SequenceLayout layout = new SequenceLayout(new VocabularyLayout(10, 4));
  private final int[] codes = {0, 3, 1, 2};
  private final int[] caption = {5, 7};

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
