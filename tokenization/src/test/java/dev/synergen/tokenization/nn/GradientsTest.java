package dev.synergen.tokenization.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The global gradient norm and clipping, on parameters whose gradients are known exactly. */
class GradientsTest {
  @Test
  void theGlobalNormCombinesEveryParametersNormAndSurvivesEntriesWhoseSquaresOverflowFloat32() {
    try (NDManager m = NDManager.newBaseManager()) {
      // 3e20 and 4e20 are finite in float32, their squares (9e40, 1.6e41) are not
      List<Parameter> ps = withGradients(m, new float[] {3e20f, 0f}, new float[] {4e20f});
      assertEquals(5e20, Gradients.globalNorm(ps), 5e20 * 1e-6);
      List<Parameter> small = withGradients(m, new float[] {1f, 2f, 2f}, new float[] {4f});
      assertEquals(5.0, Gradients.globalNorm(small), 1e-6);
      assertTrue(Double.isNaN(Gradients.globalNorm(withGradients(m, new float[] {1f, Float.NaN}))));
      assertTrue(Double.isInfinite(Gradients.globalNorm(withGradients(m, new float[] {Float.POSITIVE_INFINITY}))));
    }
  }

  @Test
  void clippingScalesEveryGradientToTheMaximumNormAndReturnsTheNormBefore() {
    try (NDManager m = NDManager.newBaseManager()) {
      List<Parameter> ps = withGradients(m, new float[] {3f, 0f}, new float[] {4f});
      assertEquals(5.0, Gradients.clipGlobalNorm(ps, 1.0), 1e-6);
      assertArrayEquals(new float[] {0.6f, 0f}, Gradients.toFloats(ps.get(0)), 1e-6f);
      assertArrayEquals(new float[] {0.8f}, Gradients.toFloats(ps.get(1)), 1e-6f);
      assertEquals(1.0, Gradients.globalNorm(ps), 1e-6);
    }
  }

  /** Parameters whose gradients are exactly {@code gradients}: each is d(sum(w * g))/dw. */
  private static List<Parameter> withGradients(NDManager m, float[]... gradients) {
    List<Parameter> ps = new ArrayList<>();
    for (int i = 0; i < gradients.length; i++) {
      Parameter p = Parameter.builder().setName("p" + i).setType(Parameter.Type.WEIGHT).build();
      p.setArray(m.ones(new Shape(gradients[i].length)));
      p.getArray().setRequiresGradient(true);
      ps.add(p);
    }
    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
      NDArray loss = null;
      for (int i = 0; i < gradients.length; i++) {
        NDArray term = ps.get(i).getArray().mul(m.create(gradients[i])).sum();
        loss = loss == null ? term : loss.add(term);
      }
      gc.backward(loss);
    }
    return ps;
  }
}
