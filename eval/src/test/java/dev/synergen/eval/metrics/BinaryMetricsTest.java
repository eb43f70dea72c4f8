package dev.synergen.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  // probe:        1  2  3  4  5  6  7  8  9  10
  // truth yes:    Y  Y  Y  Y  Y  N  N  N  N  N
  // said yes:     Y  Y  Y  N  N  Y  N  N  N  N    -> TP 3, FN 2, FP 1, TN 4
  private static final boolean[] TRUTH = {true, true, true, true, true, false, false, false, false, false};
  private static final boolean[] SAID = {true, true, true, false, false, true, false, false, false, false};

  @Test
  void popeDefinitionsByHand() {
    BinaryMetrics m = BinaryMetrics.of(SAID, TRUTH);
    assertEquals(new BinaryMetrics(3, 1, 4, 2), m);
    assertEquals(0.7, m.accuracy().value(), 1e-12); // (3 + 4) / 10
    assertEquals(10, m.accuracy().n());
    assertEquals(0.75, m.precision().value(), 1e-12); // 3 / (3 + 1)
    assertEquals(4, m.precision().n());
    assertEquals(0.6, m.recall().value(), 1e-12); // 3 / (3 + 2)
    assertEquals(5, m.recall().n());
    assertEquals(2 * 0.75 * 0.6 / (0.75 + 0.6), m.f1().value(), 1e-12); // 2PR / (P + R) = 2/3
    assertEquals(10, m.f1().n());
    assertEquals(0.4, m.yesRatio().value(), 1e-12); // 4 yes of 10
    assertEquals(List.of("accuracy", "precision", "recall", "f1", "yes_ratio"), List.copyOf(m.all().keySet()));
  }

  @Test
  void proportionsCarryWilsonIntervalsAndF1None() {
    BinaryMetrics m = BinaryMetrics.of(SAID, TRUTH);
    assertEquals(ConfidenceInterval.wilson(7, 10), m.accuracy());
    assertEquals(ConfidenceInterval.wilson(3, 4), m.precision());
    assertEquals(ConfidenceInterval.NONE, m.f1().method());
  }

  @Test
  void aModelThatNeverSaysYesHasNoPrecision() {
    BinaryMetrics m = BinaryMetrics.of(new boolean[] {false, false, false, false},
        new boolean[] {true, true, false, false});
    assertTrue(Double.isNaN(m.precision().value()));
    assertEquals(0, m.precision().n());
    assertEquals(0.0, m.recall().value(), 0.0);
    assertEquals(0.0, m.f1().value(), 0.0); // 2*0 / (0 + 0 + 2)
    assertEquals(0.0, m.yesRatio().value(), 0.0);
    assertEquals(0.5, m.accuracy().value(), 0.0);
  }

  @Test
  void rejectsMismatchedLengths() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> BinaryMetrics.of(new boolean[3], new boolean[4]));
    assertEquals(EvalErrors.EVAL_METRIC_INPUT_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().contains("3 predictions and 4 truths"), e.getMessage());
  }
}
