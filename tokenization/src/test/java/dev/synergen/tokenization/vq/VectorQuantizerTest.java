package dev.synergen.tokenization.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The codebook on hand-made numbers: K = 2 codes of dimension 1 at 0 and 10. */
class VectorQuantizerTest {
  private static VectorQuantizer quantizer(NDManager manager) {
    VectorQuantizer q = new VectorQuantizer(2, 1);
    q.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 1, 3));
    q.setCodebook(new float[] {0f, 10f}, 2f);
    return q;
  }

  /** Latents 1, 1, 9 as a (1, D=1, h=1, w=3) map. */
  private static NDArray latents(NDManager manager) {
    return manager.create(new float[] {1f, 1f, 9f}, new Shape(1, 1, 1, 3));
  }

  @Test
  void nearestCodesStraightThroughValuesAndCommitment() {
    try (NDManager manager = NDManager.newBaseManager()) {
      VectorQuantizer q = quantizer(manager);
      NDList out = q.forward(new ParameterStore(manager, false), new NDList(latents(manager)), false);
      assertArrayEquals(new long[] {1, 1, 1, 3}, out.get(0).getShape().getShape());
      assertArrayEquals(new float[] {0f, 0f, 10f}, out.get(0).toFloatArray(), "forward value is the code");
      assertArrayEquals(new int[] {0, 0, 1}, out.get(1).toIntArray());
      assertArrayEquals(new long[] {1, 1, 3}, out.get(1).getShape().getShape());
      assertEquals(1f, out.get(2).getFloat(), 1e-6f, "mean of (1-0)^2, (1-0)^2, (9-10)^2");
      assertArrayEquals(new float[] {1f, 1f, 1f}, out.get(4).toFloatArray(), "squared errors per latent");
    }
  }

  @Test
  void emaUpdateMovesCodesTowardsTheirAssignedLatents() {
    try (NDManager manager = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      VectorQuantizer q = quantizer(manager);
      NDArray flat = manager.create(new float[] {1f, 1f, 9f}, new Shape(3, 1));
      NDArray codes = manager.create(new int[] {0, 0, 1});
      int restarts = q.update(flat, codes, new float[] {1, 1, 1}, 0.5f, 1f, new SplittableRandom(1));
      assertEquals(0, restarts);
      // counts: 0.5 * 2 + 0.5 * [2, 1] = [2, 1.5]; sums: 0.5 * [0, 20] + 0.5 * [2, 9] = [1, 14.5]
      float[] codebook = q.getDirectParameters().get("codebook").getArray().toFloatArray();
      assertArrayEquals(new float[] {0.5f, 14.5f / 1.5f}, codebook, 1e-4f);
      assertArrayEquals(new float[] {2f, 1.5f}, q.getDirectParameters().get("cluster_size").getArray().toFloatArray(),
          1e-6f);
    }
  }

  @Test
  void codesBelowTheThresholdRestartOnTheWorstServedLatent() {
    try (NDManager manager = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      VectorQuantizer q = quantizer(manager);
      NDArray flat = manager.create(new float[] {1f, 2f, 3f}, new Shape(3, 1));
      NDArray codes = manager.create(new int[] {0, 0, 0});
      // code 1 gets no latent: its count 0.5 * 2 = 1 falls below 1.5; only latent 2 has an error
      int restarts = q.update(flat, codes, new float[] {0f, 0f, 4f}, 0.5f, 1.5f, new SplittableRandom(1));
      assertEquals(1, restarts);
      float[] codebook = q.getDirectParameters().get("codebook").getArray().toFloatArray();
      assertEquals(3f, codebook[1], 1e-4f, "restarted onto latent 3, the only one with an error");
      assertEquals(1.5f, q.getDirectParameters().get("cluster_size").getArray().toFloatArray()[1], 1e-6f);
    }
  }

  @Test
  void lookupReturnsTheCodeVectorsInGridLayout() {
    try (NDManager manager = NDManager.newBaseManager()) {
      VectorQuantizer q = quantizer(manager);
      NDArray codes = manager.create(new int[] {1, 0, 0, 1}, new Shape(1, 2, 2));
      NDArray latents = q.lookup(new ParameterStore(manager, false), codes);
      assertArrayEquals(new long[] {1, 1, 2, 2}, latents.getShape().getShape());
      assertArrayEquals(new float[] {10f, 0f, 0f, 10f}, latents.toFloatArray());
    }
  }
}
