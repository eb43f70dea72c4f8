package dev.synergen.training.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelHarness;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.model.TestRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnswerScorerTest {
  private final ModelConfig config = ModelConfig.tiny(40);
  private final VocabularyLayout v = config.vocabulary();

  /** BOS IMG_START codes IMG_END question: a prefix as MCQ and POPE build them. */
  private int[] imageQuestion(SplittableRandom r, int questionLength) {
    TestRows rows = new TestRows(v).i2t(TestRows.randomCodes(r, 64, 256), TestRows.randomText(r, questionLength, 40));
    int[] row = rows.tokens.get(0);
    return Arrays.copyOf(row, row.length - 1);
  }

  /** log p(candidate | prefix) from one full forward of the row {@code prefix + candidate}. */
  private static double fullRowLogLikelihood(SynerGenModel model, int[] prefix, int[] candidate) {
    int[] row = Arrays.copyOf(prefix, prefix.length + candidate.length);
    System.arraycopy(candidate, 0, row, prefix.length, candidate.length);
    boolean[] mask = new boolean[row.length];
    Arrays.fill(mask, prefix.length, row.length, true);
    SequenceBatch batch = SequenceBatch.of(model.config(), model.config().vocabulary(), List.of(row), List.of(mask));
    try (NDManager scope = model.newScope()) {
      NDArray h = model.hidden(scope, batch, null).reshape(batch.length(), model.config().hidden());
      double sum = 0;
      for (float lp : model.textTargetLogProbs(scope, h, batch).toFloatArray()) {
        sum += lp;
      }
      return sum;
    }
  }

  @Test
  void candidatesContinuingAPrefixCachedOnceScoreAsFullRowsDo() {
    SplittableRandom r = new SplittableRandom(5);
    // image prefixes of three lengths (left padding), candidates of one, two and three ids, and each prefix with
    // its own candidates, four, two or three of them (spare streams of the shorter lists)
    List<int[]> prefixes = List.of(imageQuestion(r, 3), imageQuestion(r, 7), imageQuestion(r, 1));
    int[] eos = {v.eos()};
    int[] one = {12, v.eos()};
    int[] two = {30, 31, v.eos()};
    int[] other = {12, 13, v.eos()};
    List<List<int[]>> candidates = List.of(List.of(eos, one, two, other), List.of(two, eos), List.of(other, one, two));
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 9, DataType.FLOAT32)) {
      List<List<CandidateScore>> scores = new AnswerScorer(model).scoreEach(prefixes, candidates);
      assertEquals(prefixes.size(), scores.size());
      List<Double> distinct = new ArrayList<>();
      for (int p = 0; p < prefixes.size(); p++) {
        assertEquals(candidates.get(p).size(), scores.get(p).size(), "prefix " + p + "'s own candidates only");
        for (int c = 0; c < candidates.get(p).size(); c++) {
          double expected = fullRowLogLikelihood(model, prefixes.get(p), candidates.get(p).get(c));
          CandidateScore got = scores.get(p).get(c);
          assertEquals(expected, got.logLikelihood(), 1e-4 * Math.max(1, Math.abs(expected)),
              "prefix " + p + ", candidate " + c);
          assertEquals(candidates.get(p).get(c).length, got.tokens());
          distinct.add(got.logLikelihood());
        }
      }
      // the comparison is meaningful only if the scores tell prefixes and candidates apart
      assertEquals(distinct.size(), distinct.stream().distinct().count(), "scores " + distinct);
    }
  }

  @Test
  void emptyPrefixesOrCandidatesMissingListsAndImageIdsAsAnswersAreRefused() {
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 9, DataType.FLOAT32)) {
      AnswerScorer scorer = new AnswerScorer(model);
      int[] prefix = {v.bos(), 3};
      List<List<int[]>> three = List.of(List.of(new int[] {3}));
      assertThrows(PipelineException.class, () -> scorer.scoreEach(List.of(), three));
      assertThrows(PipelineException.class, () -> scorer.scoreEach(List.of(new int[0]), three));
      assertThrows(PipelineException.class, () -> scorer.scoreEach(List.of(prefix, prefix), three));
      assertThrows(PipelineException.class, () -> scorer.scoreEach(List.of(prefix), List.of(List.of())));
      PipelineException empty = assertThrows(PipelineException.class,
          () -> scorer.score(prefix, List.of(new int[] {3}, new int[0])));
      assertEquals(true, empty.getMessage().contains("candidate 1 is empty"), empty.getMessage());
      PipelineException image = assertThrows(PipelineException.class,
          () -> scorer.score(prefix, List.of(new int[] {3, v.imageToken(0)})));
      assertEquals(true, image.getMessage().contains("candidate 0 position 1"), image.getMessage());
    }
  }
}
