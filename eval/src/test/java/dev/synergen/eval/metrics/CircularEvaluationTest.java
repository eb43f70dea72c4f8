package dev.synergen.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircularEvaluationTest {
  private static final List<String> OPTIONS = List.of("red", "green", "blue", "black");

  @Test
  void rotationsShiftTheOptionsAndTheAnswer() {
    assertEquals(OPTIONS, CircularEvaluation.rotate(OPTIONS, 0));
    assertEquals(List.of("green", "blue", "black", "red"), CircularEvaluation.rotate(OPTIONS, 1));
    assertEquals(List.of("black", "red", "green", "blue"), CircularEvaluation.rotate(OPTIONS, 3));
    // the answer "blue" (index 2) is shown at 2, 1, 0, 3 under rotations 0..3
    int[] shown = new int[4];
    for (int k = 0; k < 4; k++) {
      shown[k] = CircularEvaluation.shownIndex(2, 4, k);
      assertEquals("blue", CircularEvaluation.rotate(OPTIONS, k).get(shown[k]));
      assertEquals(2, CircularEvaluation.originalIndex(shown[k], 4, k));
    }
    assertEquals(List.of(2, 1, 0, 3), java.util.Arrays.stream(shown).boxed().toList());
  }

  @Test
  void correctOnlyIfCorrectUnderEveryRotation() {
    // answer "blue": a model that always reads the colour answers 2, 1, 0, 3
    assertTrue(CircularEvaluation.correct(2, 4, new int[] {2, 1, 0, 3}));
    // a model that always picks the third position is right under rotation 0 only
    assertFalse(CircularEvaluation.correct(2, 4, new int[] {2, 2, 2, 2}));
    // right three times, wrong once: still wrong
    assertFalse(CircularEvaluation.correct(2, 4, new int[] {2, 1, 0, 0}));
  }

  @Test
  void accuracyOverQuestions() {
    ConfidenceInterval acc = CircularEvaluation.accuracy(new boolean[] {true, false, false, true});
    assertEquals(0.5, acc.value(), 0.0);
    assertEquals(ConfidenceInterval.wilson(2, 4), acc);
  }

  @Test
  void chanceLevelFormula() {
    assertEquals(0.25, CircularEvaluation.chanceLevel(2), 1e-15); // (1/2)^2
    assertEquals(1.0 / 27, CircularEvaluation.chanceLevel(3), 1e-15); // (1/3)^3
    assertEquals(1.0 / 256, CircularEvaluation.chanceLevel(4), 1e-15); // MMBench: 25% -> ~0.4%
    assertEquals((0.25 + 1.0 / 256) / 2, CircularEvaluation.chanceLevel(new int[] {2, 4}), 1e-15);
  }

  @Test
  void chanceLevelAgreesWithASimulatedRandomGuesser() {
    // 3 question sizes mixed; a guesser picks uniformly and independently under each rotation
    int[] sizes = {2, 3, 4};
    SplitMix64 random = new SplitMix64(2024);
    int questions = 300_000;
    int hits = 0;
    int[] optionCounts = new int[questions];
    for (int q = 0; q < questions; q++) {
      int n = sizes[q % sizes.length];
      optionCounts[q] = n;
      int answer = random.nextInt(n);
      int[] chosen = new int[n];
      for (int k = 0; k < n; k++) {
        chosen[k] = random.nextInt(n);
      }
      hits += CircularEvaluation.correct(answer, n, chosen) ? 1 : 0;
    }
    double expected = CircularEvaluation.chanceLevel(optionCounts); // (1/4 + 1/27 + 1/256) / 3 = 0.09698
    double standardError = Math.sqrt(expected * (1 - expected) / questions); // 0.00054
    assertEquals(expected, (double) hits / questions, 4 * standardError);
  }

  @Test
  void rejectsWrongAnswerCountsAndRotations() {
    PipelineException e = assertThrows(PipelineException.class, () -> CircularEvaluation.correct(0, 4, new int[3]));
    assertEquals(EvalErrors.EVAL_METRIC_INPUT_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().contains("needs 4 answers"), e.getMessage());
    assertThrows(PipelineException.class, () -> CircularEvaluation.rotate(OPTIONS, 4));
    assertThrows(PipelineException.class, () -> CircularEvaluation.chanceLevel(1));
  }
}
