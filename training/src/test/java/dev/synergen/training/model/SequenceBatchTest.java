package dev.synergen.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceBatchTest {
  // tiny: 8x8 codes folded 2x4 -> 4 window rows x 2 window columns = 8 windows per image
  private final ModelConfig config = ModelConfig.tiny(10);
  private final VocabularyLayout v = config.vocabulary();

  private int[] raster() {
    int[] codes = new int[64];
    for (int i = 0; i < 64; i++) {
      codes[i] = i;
    }
    return codes;
  }

  @Test
  void foldsAnI2tRowIntoWindowsAndTargetsTheCaption() {
    SequenceBatch b = new TestRows(v).i2t(raster(), new int[] {3, 4}).batch(config);
    // BOS IMG_START 8 windows IMG_END 3 4 EOS
    assertEquals(1, b.batchSize());
    assertEquals(14, b.length());
    assertEquals(8, b.imagePositions());
    assertEquals(64 + 6, b.unfoldedTokens());
    // window 0 holds rows 0-1, cols 0-3 of the raster; window 1 cols 4-7
    assertArrayEquals(new long[] {0, 1, 2, 3, 8, 9, 10, 11}, java.util.Arrays.copyOfRange(b.windowCodes, 0, 8));
    assertArrayEquals(new long[] {4, 5, 6, 7, 12, 13, 14, 15}, java.util.Arrays.copyOfRange(b.windowCodes, 8, 16));
    assertArrayEquals(new long[] {0, 1, 2, 3, 8, 9, 10, 11}, java.util.Arrays.copyOfRange(b.windowPositions, 0, 8));
    // caption 3 at position 11 is predicted from position 10 (IMG_END), 4 from 11, EOS from 12
    assertArrayEquals(new long[] {10, 11, 12}, b.lmRows);
    assertArrayEquals(new long[] {3, 4, v.eos()}, b.lmTargets);
    assertEquals(0, b.headWindows());
    assertEquals(14, b.inputGather[2], "first window reads folded row 0 after the B*T text rows");
  }

  @Test
  void t2iRowTargetsEveryWindowFromThePreviousPosition() {
    SequenceBatch b = new TestRows(v).t2i(new int[] {5}, raster()).batch(config);
    // BOS 5 IMG_START w0..w7 IMG_END EOS -> 13 positions
    assertEquals(13, b.length());
    assertEquals(8, b.headWindows());
    assertArrayEquals(new long[] {2, 3, 4, 5, 6, 7, 8, 9}, b.headRows);
    assertEquals(64, b.imageTargets());
    // IMG_END predicted from the last window (position 10), EOS from IMG_END (11)
    assertArrayEquals(new long[] {10, 11}, b.lmRows);
    assertArrayEquals(new long[] {v.imgEnd(), v.eos()}, b.lmTargets);
  }

  @Test
  void rowsOfDifferentFoldedLengthArePaddedOnTheRightWithPad() {
    TestRows rows = new TestRows(v).text(new int[] {1, 2}).t2i(new int[] {5}, raster());
    SequenceBatch b = rows.batch(config);
    assertEquals(13, b.length());
    assertEquals(4, b.foldedLength(0));
    assertEquals(v.pad(), b.textIds[4]);
    assertEquals(v.pad(), b.textIds[12]);
  }

  @Test
  void leftPaddingMarksPaddedKeysInvalid() {
    SequenceBatch b = SequenceBatch.prompts(config, List.of(new int[] {v.bos(), 1, 2}, new int[] {v.bos()}),
        SequenceBatch.Padding.LEFT);
    assertArrayEquals(new boolean[] {true, true, true}, b.keyValid[0]);
    assertArrayEquals(new boolean[] {false, false, true}, b.keyValid[1]);
    assertEquals(v.bos(), b.textIds[5]);
  }

  @Test
  void outOfRangeIdNamesRowAndPosition() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> SequenceBatch.of(config, v, List.of(new int[] {v.bos(), 1}, new int[] {v.bos(), v.size()}),
            List.of(new boolean[2], new boolean[2])));
    assertEquals(TrainingErrors.SEQUENCE_TOKEN_OUT_OF_RANGE.code(), e.errorClass());
    assertEquals("[SEQUENCE_TOKEN_OUT_OF_RANGE] row 1 position 1: id " + v.size() + " is outside the unified"
        + " vocabulary [0, " + v.size() + ") of " + v + "; the sequences were tokenized for another vocabulary",
        e.getMessage());
  }

  @Test
  void incompleteImageIsRefusedWithTheCountFound() {
    int[] row = new int[1 + 1 + 63 + 1];
    row[0] = v.bos();
    row[1] = v.imgStart();
    for (int i = 0; i < 63; i++) {
      row[2 + i] = v.imageToken(i);
    }
    row[65] = v.imgEnd();
    PipelineException e = assertThrows(PipelineException.class,
        () -> SequenceBatch.of(config, v, List.of(row), List.of(new boolean[row.length])));
    assertEquals(TrainingErrors.SEQUENCE_IMAGE_INCOMPLETE.code(), e.errorClass());
    assertEquals("[SEQUENCE_IMAGE_INCOMPLETE] row 0 position 1: IMG_START must be followed by exactly 64 image codes"
        + " (grid 8x8) and IMG_END; found 63 codes then id " + v.imgEnd()
        + ". Re-tokenize images at the model's resolution", e.getMessage());
  }

  @Test
  void strayCodesAndMismatchedVocabulariesAndMasksAreRefused() {
    int[] stray = {v.bos(), v.imageToken(3)};
    assertEquals(TrainingErrors.SEQUENCE_IMAGE_INCOMPLETE.code(), assertThrows(PipelineException.class,
        () -> SequenceBatch.of(config, v, List.of(stray), List.of(new boolean[2]))).errorClass());
    assertEquals(TrainingErrors.MODEL_VOCABULARY_MISMATCH.code(), assertThrows(PipelineException.class,
        () -> SequenceBatch.of(config, new VocabularyLayout(11, 256), List.of(stray), List.of(new boolean[2])))
        .errorClass());
    PipelineException mask = assertThrows(PipelineException.class,
        () -> SequenceBatch.of(config, v, List.of(new int[] {v.bos(), 1}), List.of(new boolean[3])));
    assertEquals("[SEQUENCE_INVALID] row 0 has 2 tokens but a loss mask of 3; the packer must write one flag per token",
        mask.getMessage());
    assertEquals(TrainingErrors.SEQUENCE_INVALID.code(), assertThrows(PipelineException.class,
        () -> SequenceBatch.of(config, v, List.of(new int[] {v.bos(), 1}), List.of(new boolean[] {true, true})))
        .errorClass());
  }

  @Test
  void foldLargerThanTheGridIsAConfigError() {
    PipelineException e = assertThrows(PipelineException.class, () -> new ImageGrid(32, 32, 4, 256, 3, 4));
    assertEquals("[MODEL_CONFIG_INVALID] code grid 8x8 is not divisible by the fold window 3x4; choose a fold that"
        + " tiles the grid", e.getMessage());
  }
}
