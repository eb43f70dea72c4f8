package dev.synergen.tokenization.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training the tiny tokenizer on 32 px shapes scenes. One run of {@value #STEPS} steps is shared
 * by the tests that need a trained tokenizer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VqTrainerTest {
  static final int STEPS = 300;
  static final int BATCH = 8;

  private VqTrainer trained;
  private final List<VqStepResult> history = new ArrayList<>();

  @BeforeAll
  void train() throws Exception {
    VqTrainingConfig training = VqTrainingConfig.defaults(STEPS, 7);
    trained = new VqTrainer(VqTokenizer.create(VqConfig.tiny(), 7), training);
    trained.trainUntil(STEPS, TestImages.scenes(32, BATCH, 1), (t, r) -> history.add(r));
  }

  @AfterAll
  void close() {
    trained.close();
  }

  @Test
  void aFewHundredStepsLowerTheReconstructionLossMarkedly() {
    assertEquals(STEPS, trained.step());
    assertEquals(STEPS, history.size());
    double first = history.subList(0, 10).stream().mapToDouble(VqStepResult::reconstructionMse).average().orElseThrow();
    double last = history.subList(STEPS - 20, STEPS).stream().mapToDouble(VqStepResult::reconstructionMse).average()
        .orElseThrow();
    assertTrue(last < first / 5, "mean MSE of the first 10 steps " + first + ", of the last 20 steps " + last);
  }

  @Test
  void aFlatColourImageDecodesCloseToTheInput() {
    VqTokenizer t = trained.tokenizer();
    for (Color c : List.of(new Color(255, 255, 255), new Color(20, 30, 70))) {
      ImageBatch flat = TestImages.flat(32, c);
      ImageBatch decoded = t.decode(t.encode(flat));
      double psnr = ReconstructionMetrics.meanPsnr(flat, decoded);
      assertTrue(psnr > 20, "PSNR of flat " + c + " after encode -> decode is " + psnr + " dB");
    }
  }

  @Test
  void heldOutScenesAreReconstructedBetterThanByAnUntrainedTokenizer() {
    ImageBatch heldOut = TestImages.scenes(32, 32, 999).next();
    double trainedPsnr = ReconstructionMetrics.meanPsnr(heldOut, trained.tokenizer().reconstruct(heldOut).images());
    try (VqTokenizer untrained = VqTokenizer.create(VqConfig.tiny(), 7)) {
      double untrainedPsnr = ReconstructionMetrics.meanPsnr(heldOut, untrained.reconstruct(heldOut).images());
      assertTrue(trainedPsnr > untrainedPsnr + 8, "held-out PSNR trained " + trainedPsnr + " dB, untrained "
          + untrainedPsnr + " dB");
    }
  }

  @Test
  void restartsKeepMostOfTheCodebookInUse() {
    VqStepResult last = history.get(STEPS - 1);
    int used = (int) history.subList(0, 3).stream().mapToInt(VqStepResult::restartedCodes).sum();
    assertTrue(used >= 200, "the first steps restart the unused codes of the fresh codebook, restarted " + used);
    ImageBatch heldOut = TestImages.scenes(32, 64, 555).next();
    double usage = CodebookMetrics.usage(CodebookMetrics.histogram(trained.tokenizer().encode(heldOut).codes(), 256));
    assertTrue(usage > 0.5, "held-out usage " + usage + ", last step " + last);
  }

  @Test
  void stepsLeaveNoNativeArraysBehind(@TempDir Path dir) throws Exception {
    try (VqTrainer t = new VqTrainer(VqTokenizer.create(VqConfig.tiny(), 3), VqTrainingConfig.defaults(10, 3))) {
      Iterator<ImageBatch> batches = TestImages.scenes(32, 4, 2);
      t.step(batches.next());
      int before = t.tokenizer().manager().getManagedArrays().size();
      t.trainUntil(4, batches, null);
      assertEquals(before, t.tokenizer().manager().getManagedArrays().size());
    }
  }

  @Test
  void resumingFromACheckpointContinuesExactly(@TempDir Path dir) throws Exception {
    VqTrainingConfig training = VqTrainingConfig.defaults(12, 5);
    List<ImageBatch> batches = new ArrayList<>();
    Iterator<ImageBatch> source = TestImages.scenes(32, 4, 8);
    for (int i = 0; i < 12; i++) {
      batches.add(source.next());
    }
    List<Float> straight = new ArrayList<>();
    float[] straightCodebook;
    try (VqTrainer t = new VqTrainer(VqTokenizer.create(VqConfig.tiny(), 5), training)) {
      t.trainUntil(12, batches.iterator(), (tr, r) -> straight.add(r.loss()));
      straightCodebook = t.tokenizer().codebook();
    }
    List<Float> resumed = new ArrayList<>();
    try (VqTrainer t = new VqTrainer(VqTokenizer.create(VqConfig.tiny(), 5), training)) {
      t.trainUntil(7, batches.iterator(), (tr, r) -> resumed.add(r.loss()));
      t.save(dir);
    }
    try (VqTrainer t = VqTrainer.resume(dir)) {
      assertEquals(7, t.step());
      assertEquals(training, t.training());
      t.trainUntil(12, batches.subList(7, 12).iterator(), (tr, r) -> resumed.add(r.loss()));
      assertEquals(straight, resumed, "losses of steps 1..12 straight vs. saved at 7 and resumed");
      assertArrayEquals(straightCodebook, t.tokenizer().codebook(), 1e-6f);
    }
  }

  @Test
  void aTamperedCheckpointIsRefused(@TempDir Path dir) throws Exception {
    trained.save(dir);
    Path optimizer = dir.resolve(VqTrainer.OPTIMIZER_FILE);
    byte[] bytes = Files.readAllBytes(optimizer);
    bytes[100] ^= 1;
    Files.write(optimizer, bytes);
    PipelineException e = assertThrows(PipelineException.class, () -> VqTrainer.resume(dir));
    assertEquals(CoreErrors.ARTIFACT_TAMPERED.code(), e.errorClass());
  }

  @Test
  void aTokenizerArtifactCannotBeResumed(@TempDir Path dir) throws Exception {
    trained.tokenizer().save(dir);
    PipelineException e = assertThrows(PipelineException.class, () -> VqTrainer.resume(dir));
    assertEquals(TokenizationErrors.VQ_CHECKPOINT_INVALID.code(), e.errorClass());
  }

  @Test
  void centroidsReplaceTheCodebook() {
    try (VqTrainer t = new VqTrainer(VqTokenizer.create(VqConfig.tiny(), 3), VqTrainingConfig.defaults(10, 3))) {
      float[] centroids = new float[256 * 16];
      for (int i = 0; i < centroids.length; i++) {
        centroids[i] = (i % 16) * 0.01f + i / 16;
      }
      t.initializeCodebook(centroids);
      assertArrayEquals(centroids, t.tokenizer().codebook());
      PipelineException e = assertThrows(PipelineException.class, () -> t.initializeCodebook(new float[10]));
      assertEquals("[VQ_CENTROIDS_INVALID] the codebook needs 256 centroids of dimension 16 = 4096 floats, got 10",
          e.getMessage());
      centroids[17] = Float.NaN;
      PipelineException nan = assertThrows(PipelineException.class, () -> t.initializeCodebook(centroids));
      assertEquals("[VQ_CENTROIDS_INVALID] centroid 1 holds NaN at dimension 1; centroids must be finite",
          nan.getMessage());
    }
  }
}
