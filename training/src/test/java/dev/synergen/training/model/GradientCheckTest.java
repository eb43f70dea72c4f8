package dev.synergen.training.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences in float64 against autograd for the parameters of token folding,
 * expert routing and the unfolding head (and the shared path around them).
 */
class GradientCheckTest {
  private static final List<String> CHECKED = List.of(
      "folding.code_embed.weight", "folding.pos_embed.weight", "folding.fc1.weight", "folding.fc1.bias",
      "folding.fc2.weight", "layers.0.ffn.image.w1.weight", "layers.0.ffn.image.w2.weight",
      "layers.0.ffn.text.w3.weight", "layers.0.attention.wk.weight", "unfolding.code_embed.weight",
      "unfolding.pos_embed.weight", "unfolding.layers.0.attention.wq.weight", "unfolding.layers.0.ffn.w2.weight",
      "unfolding.classifier.weight", "text_embed.weight", "lm_head.weight");

  @Test
  void autogradMatchesFiniteDifferencesInDoublePrecision() {
    ModelConfig config = ModelHarness.micro();
    VocabularyLayout v = config.vocabulary();
    SplittableRandom r = new SplittableRandom(21);
    SequenceBatch batch = new TestRows(v)
        .t2i(TestRows.randomText(r, 2, 12), TestRows.randomCodes(r, 32, 10))
        .i2t(TestRows.randomCodes(r, 32, 10), TestRows.randomText(r, 3, 12))
        .batch(config);
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 13, DataType.FLOAT64)) {
      try (NDManager scope = model.newScope(); GradientCollector gc = scope.getEngine().newGradientCollector()) {
        gc.backward(model.loss(scope, batch).total());
      }
      double eps = 1e-6;
      int checked = 0;
      for (String name : CHECKED) {
        ModelParameter p = model.parameter(name);
        double[] grad = p.array().getGradient().toDoubleArray();
        double[] values = p.array().toDoubleArray();
        for (int idx : entries(grad, r)) {
          double original = values[idx];
          values[idx] = original + eps;
          p.array().set(values);
          double plus = loss(model, batch);
          values[idx] = original - eps;
          p.array().set(values);
          double minus = loss(model, batch);
          values[idx] = original;
          p.array().set(values);
          double numeric = (plus - minus) / (2 * eps);
          // relative 1e-5 plus an absolute floor for the rounding of (plus - minus) at a loss of O(10)
          double error = Math.abs(numeric - grad[idx]);
          double allowed = 1e-5 * Math.max(Math.abs(numeric), Math.abs(grad[idx])) + 1e-8;
          assertTrue(error <= allowed, name + "[" + idx + "]: autograd " + grad[idx] + ", finite difference " + numeric
              + ", difference " + error + " > " + allowed);
          checked++;
        }
      }
      assertTrue(checked == 3 * CHECKED.size(), "checked " + checked + " entries");
    }
  }

  /** The 2 entries with the largest gradient plus 1 random one. */
  private static int[] entries(double[] grad, SplittableRandom r) {
    int[] out = new int[3];
    boolean[] used = new boolean[grad.length];
    for (int k = 0; k < 2; k++) {
      int best = -1;
      for (int i = 0; i < grad.length; i++) {
        if (!used[i] && (best < 0 || Math.abs(grad[i]) > Math.abs(grad[best]))) {
          best = i;
        }
      }
      used[best] = true;
      out[k] = best;
    }
    out[2] = r.nextInt(grad.length);
    return out;
  }

  private static double loss(SynerGenModel model, SequenceBatch batch) {
    try (NDManager scope = model.newScope()) {
      NDArray total = model.loss(scope, batch).total();
      return total.getDouble();
    }
  }
}
