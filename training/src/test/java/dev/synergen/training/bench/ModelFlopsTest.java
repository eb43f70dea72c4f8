package dev.synergen.training.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.training.model.CausalSelfAttention;
import dev.synergen.training.model.ModelConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelFlopsTest {
  private final int defaultBlock = CausalSelfAttention.queryBlock();

  @AfterEach
  void restore() {
    CausalSelfAttention.setQueryBlock(defaultBlock);
  }

  @Test
  void queryBlocksCountOnlyTheKeysUpToEachBlocksLastQuery() {
    CausalSelfAttention.setQueryBlock(4);
    // blocks [0, 4) and [4, 8): 4 x 4 + 4 x 8 products over 8 queries
    assertEquals(6.0, ModelFlops.attendedKeys(8), 1e-12);
    // a last block of 2: (4 x 4 + 4 x 8 + 2 x 10) / 10
    assertEquals(6.8, ModelFlops.attendedKeys(10), 1e-12);
    assertEquals(3.0, ModelFlops.attendedKeys(3), 1e-12, "one block: the whole T x T");
    CausalSelfAttention.setQueryBlock(0);
    assertEquals(8.0, ModelFlops.attendedKeys(8), 1e-12, "no blocks: every key");
  }

  @Test
  void generatingWithTheUnfoldingHeadTakesFewerLlmStepsThanPlainAutoregression() {
    ModelConfig folded = ModelConfig.small(4096);
    ModelConfig plain = folded.withFold(1, 1, 0);
    double ratio = ModelFlops.generation(plain, 20) / ModelFlops.generation(folded, 20);
    // 256 LLM steps against 32 plus the head's 8 small steps per window
    assertTrue(ratio > 1.5 && ratio < 8, "plain / folded generation FLOPs " + ratio);
  }
}
