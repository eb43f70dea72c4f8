package dev.synergen.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.synergen.tokenization.nn.Gradients;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Causal attention computed in blocks of queries equals the whole score tensor, in values and in gradients. */
class QueryBlockAttentionTest {
  private static NDManager manager;
  private final ModelConfig config = ModelConfig.tiny(50);
  private final VocabularyLayout v = config.vocabulary();
  private final int defaultBlock = CausalSelfAttention.queryBlock();

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @AfterEach
  void restore() {
    CausalSelfAttention.setQueryBlock(defaultBlock);
  }

  /** Rows of different lengths, so padding and a last block shorter than the others both occur. */
  private SequenceBatch rows() {
    SplittableRandom r = new SplittableRandom(11);
    return new TestRows(v)
        .i2t(TestRows.randomCodes(r, 64, 256), TestRows.randomText(r, 9, 50))
        .t2i(TestRows.randomText(r, 4, 50), TestRows.randomCodes(r, 64, 256))
        .text(TestRows.randomText(r, 13, 50))
        .batch(config);
  }

  /** The loss followed by every parameter's gradient, flattened, with attention in blocks of {@code block}. */
  private List<float[]> lossAndGradients(int block) {
    CausalSelfAttention.setQueryBlock(block);
    try (SynerGenModel model = ModelHarness.model(manager, config, 5, DataType.FLOAT32);
        NDManager scope = model.newScope()) {
      Gradients.zero(model.djlParameters());
      List<float[]> out = new ArrayList<>();
      try (GradientCollector gc = scope.getEngine().newGradientCollector()) {
        LossOutput loss = model.loss(scope, rows());
        out.add(new float[] {(float) loss.totalValue()});
        gc.backward(loss.total());
      }
      for (ModelParameter p : model.parameters()) {
        out.add(p.array().getGradient().toFloatArray());
      }
      return out;
    }
  }

  @Test
  void blocksOfQueriesGiveTheWholeAttentionsLossAndGradients() {
    SequenceBatch batch = rows();
    assertTrue(batch.length() > 3 * 4, "the sequences must span several blocks of 4: " + batch.length());
    List<float[]> whole = lossAndGradients(0);
    List<float[]> blocked = lossAndGradients(4);
    assertEquals(whole.get(0)[0], blocked.get(0)[0], 1e-5, "loss");
    for (int i = 1; i < whole.size(); i++) {
      float[] a = whole.get(i);
      float[] b = blocked.get(i);
      double scale = 1e-12;
      for (float x : a) {
        scale = Math.max(scale, Math.abs(x));
      }
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-4 * scale, "gradient " + i + " element " + j);
      }
    }
  }

  @Test
  void leftPaddedPromptsGetTheSameHiddenStatesInBlocks() {
    SplittableRandom r = new SplittableRandom(3);
    List<int[]> prompts = List.of(TestRows.randomText(r, 17, 50), TestRows.randomText(r, 6, 50));
    float[][] hidden = new float[2][];
    int[] blocks = {0, 4};
    for (int i = 0; i < 2; i++) {
      CausalSelfAttention.setQueryBlock(blocks[i]);
      try (SynerGenModel model = ModelHarness.model(manager, config, 8, DataType.FLOAT32);
          NDManager scope = model.newScope()) {
        SequenceBatch batch = SequenceBatch.prompts(config, prompts, SequenceBatch.Padding.LEFT);
        hidden[i] = model.hidden(scope, batch, null).toFloatArray();
      }
    }
    // only real positions: a padding query has no valid key, and its (never read) output depends on which
    // masked keys its block holds
    int d = config.hidden();
    int length = hidden[0].length / d / prompts.size();
    for (int row = 0; row < prompts.size(); row++) {
      for (int pos = length - prompts.get(row).length; pos < length; pos++) {
        for (int k = 0; k < d; k++) {
          int j = (row * length + pos) * d + k;
          assertEquals(hidden[0][j], hidden[1][j], 1e-4, "row " + row + " position " + pos);
        }
      }
    }
  }

  @Test
  void aNegativeBlockIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> CausalSelfAttention.setQueryBlock(-1));
  }
}
