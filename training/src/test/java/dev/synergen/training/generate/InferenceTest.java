package dev.synergen.training.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelHarness;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceTest {
  private final ModelConfig config = ModelConfig.tiny(20);
  private final VocabularyLayout v = config.vocabulary();
  @TempDir
  Path dir;

  @Test
  void checkpointFacadeScoresGeneratesAndCaptionsDeterministically() throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 8, DataType.FLOAT32)) {
      Checkpoint.save(model, dir, Map.of());
    }
    try (SynerGenInference inference = SynerGenInference.load(Checkpoint.open(dir), Device.cpu())) {
      int[] prefix = {v.bos(), 3, 4};
      List<int[]> candidates = List.of(new int[] {5, v.eos()}, new int[] {6, 7, v.eos()});
      List<CandidateScore> scores = inference.score(prefix, candidates);
      // the same log-likelihood as the training loss restricted to the candidate tokens
      for (int c = 0; c < 2; c++) {
        int[] cand = candidates.get(c);
        int[] row = Arrays.copyOf(prefix, prefix.length + cand.length);
        System.arraycopy(cand, 0, row, prefix.length, cand.length);
        boolean[] mask = new boolean[row.length];
        Arrays.fill(mask, prefix.length, row.length, true);
        SequenceBatch batch = SequenceBatch.of(config, v, List.of(row), List.of(mask));
        try (NDManager scope = inference.model().newScope()) {
          double expected = -inference.model().loss(scope, batch).textValue() * cand.length;
          assertEquals(expected, scores.get(c).logLikelihood(), 1e-4, "candidate " + c);
        }
        assertEquals(cand.length, scores.get(c).tokens());
      }
      // several prefixes of different lengths in one batch score as each does alone
      int[] longer = {v.bos(), 3, 4, 9, 10};
      List<List<CandidateScore>> each = inference.scoreEach(List.of(longer, prefix), List.of(candidates, candidates));
      List<CandidateScore> alone = inference.score(longer, candidates);
      for (int c = 0; c < 2; c++) {
        assertEquals(alone.get(c).logLikelihood(), each.get(0).get(c).logLikelihood(), 1e-4, "longer prefix " + c);
        assertEquals(scores.get(c).logLikelihood(), each.get(1).get(c).logLikelihood(), 1e-4, "prefix " + c);
      }
      GenerationConfig sampled = new GenerationConfig(7.5, new SamplingConfig(1.0, 50, 0.95), 42);
      int[] a = inference.generate(new int[] {1, 2}, sampled);
      int[] b = inference.generate(new int[] {1, 2}, sampled);
      int[] c = inference.generate(new int[] {1, 2}, new GenerationConfig(7.5, sampled.sampling(), 43));
      assertEquals(64, a.length);
      assertArrayEquals(a, b, "same seed, same image");
      assertFalse(Arrays.equals(a, c), "another seed, another image");
      CaptionConfig captionCfg = new CaptionConfig(6, SamplingConfig.standard(), 5);
      int[] caption = inference.caption(a, captionCfg);
      assertArrayEquals(caption, inference.caption(a, captionCfg));
      for (int id : caption) {
        assertEquals(true, v.isText(id), "captions hold text ids only, got " + id);
      }
    }
  }

  @Test
  void badRequestsNameTheProblem() throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 8, DataType.FLOAT32)) {
      SynerGenInference inference = SynerGenInference.of(model);
      PipelineException caption = assertThrows(PipelineException.class,
          () -> inference.generate(new int[] {1, v.eos()}, GenerationConfig.defaults(1)));
      assertEquals("[MODEL_REQUEST_INVALID] caption 0 position 1: id " + v.eos() + " is not a text id in [0, 20)",
          caption.getMessage());
      PipelineException image = assertThrows(PipelineException.class,
          () -> inference.caption(new int[63], CaptionConfig.greedy(3)));
      assertEquals(TrainingErrors.MODEL_REQUEST_INVALID.code(), image.errorClass());
      PipelineException candidate = assertThrows(PipelineException.class,
          () -> inference.score(new int[] {v.bos()}, List.of(new int[] {v.imageToken(0)})));
      assertEquals(TrainingErrors.MODEL_REQUEST_INVALID.code(), candidate.errorClass());
    }
  }

  @Test
  void samplerHonoursGreedyTopKTopPAndTheAllowedSet() {
    float[] logits = {0f, 3f, 1f, 2.9f};
    SplittableRandom r = new SplittableRandom(1);
    assertEquals(1, TokenSampler.sample(logits, 0, 4, null, SamplingConfig.greedy(), r));
    assertEquals(3, TokenSampler.sample(logits, 0, 4, new boolean[] {true, false, true, true},
        SamplingConfig.greedy(), r));
    for (int i = 0; i < 50; i++) {
      assertEquals(1, TokenSampler.sample(logits, 0, 4, null, new SamplingConfig(1, 1, 1), r), "top-k 1");
      assertEquals(1, TokenSampler.sample(logits, 0, 4, null, new SamplingConfig(1, 0, 0.01), r), "top-p 0.01");
      int topTwo = TokenSampler.sample(logits, 0, 4, null, new SamplingConfig(1, 2, 1), r);
      assertEquals(true, topTwo == 1 || topTwo == 3, "top-k 2 gave " + topTwo);
    }
    float[] guided = {1f, 2f, 0f, 4f};
    ImageGenerator.guide(guided, 1, 2, 7.5, 0);
    assertArrayEquals(new float[] {0f + 7.5f * 1f, 4f + 7.5f * (2f - 4f), 0f, 4f}, guided);
    // code 1 is 1 / e^10 as likely as code 0 under the caption: the streams' tail difference
    // (-10 vs -30) makes it plain guidance's choice (-30 + 7.5 x 20 = 120 > 0); with a plausibility
    // threshold it is left out
    float[] plain = {0f, -10f, 0f, -30f};
    ImageGenerator.guide(plain, 1, 2, 7.5, 0);
    assertEquals(1, TokenSampler.sample(plain, 0, 2, null, SamplingConfig.greedy(), r));
    float[] tail = {0f, -10f, 0f, -30f};
    ImageGenerator.guide(tail, 1, 2, 7.5, 1e-3);
    assertEquals(0f, tail[0]);
    assertEquals(Float.NEGATIVE_INFINITY, tail[1]);
    assertEquals(0, TokenSampler.sample(tail, 0, 2, null, SamplingConfig.greedy(), r));
    assertEquals(0, TokenSampler.sample(tail, 0, 2, null, SamplingConfig.standard(), r));
  }
}
