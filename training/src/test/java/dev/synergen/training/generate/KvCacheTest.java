package dev.synergen.training.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelHarness;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.model.TestRows;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KvCacheTest {
  private final ModelConfig config = ModelConfig.tiny(40);
  private final VocabularyLayout v = config.vocabulary();

  @Test
  void incrementalDecodingGivesTheFullForwardOutputsAtEveryPosition() {
    SplittableRandom r = new SplittableRandom(11);
    int[] caption = TestRows.randomText(r, 3, 40);
    int[] codes = TestRows.randomCodes(r, 64, 256);
    TestRows rows = new TestRows(v).t2i(caption, codes);
    ImageGrid g = config.grid();
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 5, DataType.FLOAT32);
        NDManager scope = model.newScope();
        DecodeSession session = new DecodeSession(model)) {
      SequenceBatch full = rows.batch(config);
      float[] expected = model.hidden(scope, full, null).toFloatArray();
      int d = config.hidden();
      // prompt: BOS caption IMG_START (5 positions), then 8 windows, IMG_END, EOS
      int[] prompt = java.util.Arrays.copyOf(rows.tokens.get(0), 5);
      float[] prefill = session.prefill(scope, SequenceBatch.prompts(config, List.of(prompt),
          SequenceBatch.Padding.LEFT)).toFloatArray();
      assertClose(expected, 0, prefill, 5 * d, "prefill");
      for (int w = 0; w < g.windowsPerImage(); w++) {
        long[] window = new long[g.windowSize()];
        for (int k = 0; k < window.length; k++) {
          window[k] = codes[g.rasterIndex(w, k)];
        }
        float[] step = session.stepWindow(scope, window, w).toFloatArray();
        assertClose(expected, (5 + w) * d, step, d, "window " + w);
      }
      float[] end = session.stepText(scope, new long[] {v.imgEnd()}).toFloatArray();
      assertClose(expected, 13 * d, end, d, "IMG_END");
      assertEquals(14, session.length());
    }
  }

  @Test
  void leftPaddedStreamsDecodeExactlyLikeUnpaddedOnes() {
    int[] longPrompt = {v.bos(), 1, 2, 3, 4, v.imgStart()};
    int[] shortPrompt = {v.bos(), v.uncond(), v.imgStart()};
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 6, DataType.FLOAT32);
        NDManager scope = model.newScope()) {
      float[] alone;
      try (DecodeSession s = new DecodeSession(model)) {
        s.prefill(scope, SequenceBatch.prompts(config, List.of(shortPrompt), SequenceBatch.Padding.LEFT));
        alone = s.stepText(scope, new long[] {7}).toFloatArray();
      }
      try (DecodeSession s = new DecodeSession(model)) {
        NDArray h = s.prefill(scope, SequenceBatch.prompts(config, List.of(longPrompt, shortPrompt),
            SequenceBatch.Padding.LEFT));
        assertEquals(6, h.getShape().get(1));
        float[] batched = s.stepText(scope, new long[] {7, 7}).toFloatArray();
        assertClose(alone, 0, batched, config.hidden(), "padded stream", config.hidden());
      }
    }
  }

  static void assertClose(float[] expected, int from, float[] actual, int n, String what) {
    assertClose(expected, from, actual, n, what, 0);
  }

  static void assertClose(float[] expected, int from, float[] actual, int n, String what, int actualFrom) {
    for (int i = 0; i < n; i++) {
      float e = expected[from + i];
      float a = actual[actualFrom + i];
      if (Math.abs(e - a) > 1e-4f * Math.max(1f, Math.abs(e))) {
        throw new AssertionError(what + ": element " + i + " is " + a + " with the cache, " + e + " without");
      }
    }
  }
}
