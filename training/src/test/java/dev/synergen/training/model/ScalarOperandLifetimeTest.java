package dev.synergen.training.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.synergen.tokenization.nn.Gradients;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Regression test of the intermittent TRAINING_LOSS_NOT_FINITE: the gradients of a step must not depend
 * on whether the JVM collects garbage between forward and backward.
 *
 * <p>DJL 0.36's {@code NDArray.mul(Number)} / {@code div(Number)} wrap the number in a 0-dim tensor
 * made with {@code torch::from_blob} over a Java direct ByteBuffer and close it right after the op.
 * Autograd (MulBackward0 / DivBackward0) keeps that tensor to compute the input gradient; once a GC
 * frees the buffer, backward multiplies by the bytes the allocator left there (0, 1e-35, 1e31,
 * NaN...). Training steps hit a GC in that window now and then, hence the intermittent NaN.
 */
class ScalarOperandLifetimeTest {

  @Test
  void gradientsAreTheSameWhenTheJvmCollectsBetweenForwardAndBackward() throws InterruptedException {
    ModelConfig config = ModelConfig.tiny(50);
    VocabularyLayout v = config.vocabulary();
    SplittableRandom r = new SplittableRandom(7);
    int codes = config.grid().codesPerImage();
    int codebook = config.grid().codebookSize();
    SequenceBatch batch = new TestRows(v)
        .t2i(TestRows.randomText(r, 5, 50), TestRows.randomCodes(r, codes, codebook))
        .i2t(TestRows.randomCodes(r, codes, codebook), TestRows.randomText(r, 6, 50))
        .t2i(new int[] {v.uncond()}, TestRows.randomCodes(r, codes, codebook))
        .batch(config);
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 3, DataType.FLOAT32)) {
      Map<String, float[]> reference = gradients(model, batch, false);
      for (int attempt = 0; attempt < 3; attempt++) {
        Map<String, float[]> collected = gradients(model, batch, true);
        for (Map.Entry<String, float[]> e : reference.entrySet()) {
          float[] want = e.getValue();
          float[] got = collected.get(e.getKey());
          for (int i = 0; i < want.length; i++) {
            assertTrue(Float.isFinite(want[i]), e.getKey() + "[" + i + "] reference gradient " + want[i]);
            double allowed = 1e-5 * Math.max(1e-3, Math.abs(want[i]));
            assertTrue(Float.isFinite(got[i]) && Math.abs(got[i] - want[i]) <= allowed, e.getKey() + "[" + i
                + "]: gradient " + got[i] + " after a GC between forward and backward, " + want[i] + " without");
          }
        }
      }
    }
  }

  private static Map<String, float[]> gradients(SynerGenModel model, SequenceBatch batch, boolean collect)
      throws InterruptedException {
    Gradients.zero(model.djlParameters());
    try (NDManager scope = model.newScope(); GradientCollector gc = scope.getEngine().newGradientCollector()) {
      LossOutput loss = model.loss(scope, batch);
      java.util.List<java.nio.ByteBuffer> poison = new java.util.ArrayList<>();
      if (collect) {
        collectGarbage();
        // whatever allocator is in use: small blocks reused after the frees now hold NaN
        for (int i = 0; i < 4096; i++) {
          poison.add(java.nio.ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder())
              .putFloat(0, Float.NaN));
        }
      }
      gc.backward(loss.total());
      poison.clear();
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ModelParameter p : model.parameters()) {
      out.put(p.name(), Gradients.toFloats(p.parameter()));
    }
    return out;
  }

  /** A full GC, then time for the JDK's Cleaner thread to free the unreachable direct buffers. */
  static void collectGarbage() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      WeakReference<Object> sentinel = new WeakReference<>(new Object());
      while (sentinel.get() != null) {
        System.gc();
        Thread.sleep(5);
      }
      Thread.sleep(50);
    }
  }
}
