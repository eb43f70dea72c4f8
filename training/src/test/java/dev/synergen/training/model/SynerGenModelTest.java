package dev.synergen.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.tokenization.nn.Gradients;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.util.EnumSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SynerGenModelTest {
  private static NDManager manager;
  private final ModelConfig config = ModelConfig.tiny(50);
  private final VocabularyLayout v = config.vocabulary();

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private TestRows mixedRows(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return new TestRows(v)
        .i2t(TestRows.randomCodes(r, 64, 256), TestRows.randomText(r, 5, 50))
        .t2i(TestRows.randomText(r, 4, 50), TestRows.randomCodes(r, 64, 256))
        .text(TestRows.randomText(r, 7, 50));
  }

  @Test
  void initialLossIsNearUniformCrossEntropyForBothModalities() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 1, DataType.FLOAT32);
        NDManager scope = model.newScope()) {
      LossOutput loss = model.loss(scope, mixedRows(1).batch(config));
      double uniformText = Math.log(config.textRows());
      double uniformImage = Math.log(256);
      assertEquals(uniformText, loss.textValue(), 0.3, "text CE at init");
      assertEquals(uniformImage, loss.imageValue(), 0.3, "image CE at init");
      assertEquals(loss.textValue() + 2 * loss.imageValue(), loss.totalValue(), 1e-4);
    }
  }

  @Test
  void sameSeedGivesIdenticalWeightsAndOtherSeedsDiffer() {
    try (SynerGenModel a = ModelHarness.model(manager, config, 7, DataType.FLOAT32);
        SynerGenModel b = ModelHarness.model(manager, config, 7, DataType.FLOAT32);
        SynerGenModel c = ModelHarness.model(manager, config, 8, DataType.FLOAT32)) {
      String key = "layers.1.attention.wq.weight";
      assertArrayEquals(a.parameter(key).toFloats(), b.parameter(key).toFloats());
      assertTrue(a.parameter(key).toFloats()[0] != c.parameter(key).toFloats()[0]);
    }
  }

  @Test
  void textPositionsNeverTouchImageExperts() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 2, DataType.FLOAT32)) {
      SplittableRandom r = new SplittableRandom(3);
      SequenceBatch textOnly = new TestRows(v).text(TestRows.randomText(r, 9, 50)).text(TestRows.randomText(r, 4, 50))
          .batch(config);
      backward(model, textOnly);
      for (ModelParameter p : model.parameters()) {
        double norm = l2(Gradients.toFloats(p.parameter()));
        if (p.name().contains(".ffn.image.") || p.name().startsWith("folding.") || p.name().startsWith("unfolding.")) {
          assertEquals(0.0, norm, 0.0, p.name() + " got gradient norm " + norm + " from a text-only batch");
        }
      }
      assertTrue(l2(Gradients.toFloats(model.parameter("layers.0.ffn.text.w1.weight").parameter())) > 0);
    }
  }

  @Test
  void imagePositionsUseImageExpertsAndTextPositionsTextExperts() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 2, DataType.FLOAT32)) {
      backward(model, mixedRows(4).batch(config));
      for (String w : new String[] {"text", "image"}) {
        double norm = l2(Gradients.toFloats(model.parameter("layers.1.ffn." + w + ".w2.weight").parameter()));
        assertTrue(norm > 0, w + " expert gradient norm " + norm);
      }
      assertTrue(l2(Gradients.toFloats(model.parameter("folding.fc1.weight").parameter())) > 0);
      assertTrue(l2(Gradients.toFloats(model.parameter("unfolding.classifier.weight").parameter())) > 0);
    }
  }

  @Test
  void swappingTheExpertRoutingOfTextAndImagePositionsChangesTheLoss() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 6, DataType.FLOAT32);
        AdamW adam = new AdamW(model.trainableParameters(), AdamWConfig.paper().withWeightDecay(0),
            model.manager())) {
      SequenceBatch batch = mixedRows(7).batch(config);
      double routed = lossOf(model, batch, false);
      double swapped = lossOf(model, batch, true);
      assertTrue(Math.abs(swapped - routed) > 1e-3, "at init the experts differ, so the routing shows in the loss: "
          + routed + " vs " + swapped);
      for (int s = 0; s < 60; s++) {
        Gradients.zero(adam.parameters());
        backward(model, batch);
        adam.step(3e-3);
      }
      routed = lossOf(model, batch, false);
      swapped = lossOf(model, batch, true);
      // trained, each expert fits its own modality: sending text through the image FFN and images
      // through the text FFN must cost far more than the trained loss
      assertTrue(routed < 3.0, "the batch was fitted: " + routed);
      assertTrue(swapped > routed + 2.0, "swapped routing " + swapped + " vs trained " + routed);
    }
  }

  /** The batch's total loss, with each position sent to the other modality's expert when {@code swapped}. */
  private static double lossOf(SynerGenModel model, SequenceBatch batch, boolean swapped) {
    flip(batch, swapped);
    try (NDManager scope = model.newScope()) {
      return model.loss(scope, batch).totalValue();
    } finally {
      flip(batch, swapped);
    }
  }

  private static void flip(SequenceBatch batch, boolean swapped) {
    for (int i = 0; swapped && i < batch.isImage.length; i++) {
      batch.isImage[i] = !batch.isImage[i];
    }
  }

  @Test
  void frozenGroupsGetNoGradient() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 2, DataType.FLOAT32)) {
      model.setTrainableGroups(EnumSet.of(ParameterGroup.IMAGE));
      backward(model, mixedRows(5).batch(config));
      for (ModelParameter p : model.parameters()) {
        boolean hasGrad = p.array().hasGradient();
        assertEquals(p.group() == ParameterGroup.IMAGE, hasGrad, p.name() + " in " + p.group());
      }
    }
  }

  @Test
  void changingAFutureTokenNeverChangesAnEarlierOutput() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 3, DataType.FLOAT32);
        NDManager scope = model.newScope()) {
      SplittableRandom r = new SplittableRandom(9);
      int[] caption = TestRows.randomText(r, 5, 50);
      int[] codes = TestRows.randomCodes(r, 64, 256);
      TestRows a = new TestRows(v).t2i(caption, codes);
      int[] changedCodes = codes.clone();
      changedCodes[63] = (codes[63] + 1) % 256; // last window (position 14 of 17)
      int[] changedCaption = caption.clone();
      changedCaption[4] = (caption[4] + 1) % 50; // position 5
      float[] base = model.hidden(scope, a.batch(config), null).toFloatArray();
      float[] laterCode = model.hidden(scope, new TestRows(v).t2i(caption, changedCodes).batch(config), null)
          .toFloatArray();
      float[] laterText = model.hidden(scope, new TestRows(v).t2i(changedCaption, codes).batch(config), null)
          .toFloatArray();
      int d = config.hidden();
      assertPrefixEqual(base, laterCode, 14 * d, "code change at folded position 14");
      assertPrefixEqual(base, laterText, 5 * d, "caption change at position 5");
      assertTrue(base[14 * d] != laterCode[14 * d], "the changed position itself must change");
    }
  }

  @Test
  void unfoldingHeadSlotsAreCausalInsideAWindow() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 3, DataType.FLOAT32);
        NDManager scope = model.newScope()) {
      NDArray cond = scope.randomNormal(new ai.djl.ndarray.types.Shape(1, 64));
      long[] codes = {1, 2, 3, 4, 5, 6, 7, 8};
      long[] changed = codes.clone();
      changed[4] = 99;
      float[] a = model.unfolding().teacherForced(cond, scope.create(codes).reshape(1, 8)).toFloatArray();
      float[] b = model.unfolding().teacherForced(cond, scope.create(changed).reshape(1, 8)).toFloatArray();
      // code 4 is an input of slot 5 only: slots 0..4 (predicting codes 0..4) must not move
      assertPrefixEqual(a, b, 5 * 256, "head slots before the changed code");
      assertTrue(a[5 * 256] != b[5 * 256]);
    }
  }

  @Test
  void trainingStepsDoNotLeakNativeArraysIntoTheModel() {
    try (SynerGenModel model = ModelHarness.model(manager, config, 2, DataType.FLOAT32)) {
      SequenceBatch batch = mixedRows(6).batch(config);
      backward(model, batch);
      int before = model.manager().getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        Gradients.zero(model.djlParameters());
        backward(model, batch);
      }
      assertEquals(before, model.manager().getManagedArrays().size());
    }
  }

  private static void backward(SynerGenModel model, SequenceBatch batch) {
    try (NDManager scope = model.newScope();
        GradientCollector gc = scope.getEngine().newGradientCollector()) {
      gc.backward(model.loss(scope, batch).total());
    }
  }

  static void assertPrefixEqual(float[] a, float[] b, int n, String what) {
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        throw new AssertionError(what + ": element " + i + " changed from " + a[i] + " to " + b[i]);
      }
    }
  }

  static double l2(float[] g) {
    double s = 0;
    for (float f : g) {
      s += (double) f * f;
    }
    return Math.sqrt(s);
  }
}
