package dev.synergen.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import org.junit.jupiter.api.Test;

class ConfidenceIntervalTest {
  @Test
  void wilsonMatchesPublishedValues() {
    // 8 of 10: z^2 = 3.841459; centre = (0.8 + z^2/20) / (1 + z^2/10) = 0.716740;
    // half = z / 1.3841459 * sqrt(0.8 * 0.2 / 10 + z^2 / 400) = 0.226577 -> [0.4902, 0.9433] (Wilson 1927 tables)
    ConfidenceInterval ci = ConfidenceInterval.wilson(8, 10);
    assertEquals(0.8, ci.value(), 0.0);
    assertEquals(0.4902, ci.low(), 1e-4);
    assertEquals(0.9433, ci.high(), 1e-4);
    assertEquals(10, ci.n());
    assertEquals(ConfidenceInterval.WILSON, ci.method());
  }

  @Test
  void wilsonAtTheEdges() {
    // 0 of 10: low 0, high = (z^2/10) / (1 + z^2/10) = 0.384146 / 1.384146 = 0.27753
    ConfidenceInterval none = ConfidenceInterval.wilson(0, 10);
    assertEquals(0.0, none.low(), 0.0);
    assertEquals(0.27753, none.high(), 1e-5);
    ConfidenceInterval all = ConfidenceInterval.wilson(10, 10);
    assertEquals(1.0 - 0.27753, all.low(), 1e-5);
    assertEquals(1.0, all.high(), 1e-12);
    // exactly: 4 of 4 once came out as 0.9999999999999999, below its own value
    for (long n = 1; n <= 200; n++) {
      assertEquals(1.0, ConfidenceInterval.wilson(n, n).high(), 0.0, "high of " + n + " of " + n);
      assertEquals(0.0, ConfidenceInterval.wilson(0, n).low(), 0.0, "low of 0 of " + n);
    }
    // no trials: value undefined, the interval is all of [0, 1]
    ConfidenceInterval empty = ConfidenceInterval.wilson(0, 0);
    assertTrue(Double.isNaN(empty.value()));
    assertEquals(0.0, empty.low(), 0.0);
    assertEquals(1.0, empty.high(), 0.0);
  }

  @Test
  void wilsonRejectsImpossibleCounts() {
    PipelineException e = assertThrows(PipelineException.class, () -> ConfidenceInterval.wilson(11, 10));
    assertEquals(EvalErrors.EVAL_METRIC_INPUT_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().contains("11 of 10"), e.getMessage());
  }

  @Test
  void bootstrapOfAConstantIsThatConstant() {
    ConfidenceInterval ci = ConfidenceInterval.bootstrap(new double[] {2.5, 2.5, 2.5}, 200, 1);
    assertEquals(2.5, ci.value(), 0.0);
    assertEquals(2.5, ci.low(), 0.0);
    assertEquals(2.5, ci.high(), 0.0);
    assertEquals(3, ci.n());
    assertEquals(ConfidenceInterval.BOOTSTRAP, ci.method());
  }

  @Test
  void bootstrapIsDeterministicGivenTheSeed() {
    double[] scores = {0.1, 0.9, 2.3, 0.0, 1.7, 3.1, 0.4};
    assertEquals(ConfidenceInterval.bootstrap(scores, 500, 42), ConfidenceInterval.bootstrap(scores, 500, 42));
    assertNotEquals(ConfidenceInterval.bootstrap(scores, 500, 42), ConfidenceInterval.bootstrap(scores, 500, 43));
  }

  @Test
  void bootstrapOfCoinFlipsAgreesWithTheNormalApproximation() {
    // 200 ones in 400: the mean's standard error is sqrt(0.5 * 0.5 / 400) = 0.025,
    // so the interval should be about 0.5 -+ 1.96 * 0.025 = [0.451, 0.549]
    double[] flips = new double[400];
    for (int i = 0; i < 200; i++) {
      flips[i] = 1.0;
    }
    ConfidenceInterval ci = ConfidenceInterval.bootstrap(flips, 4000, 7);
    assertEquals(0.5, ci.value(), 0.0);
    assertEquals(0.451, ci.low(), 0.006);
    assertEquals(0.549, ci.high(), 0.006);
  }

  @Test
  void percentileInterpolatesBetweenOrderStatistics() {
    double[] sorted = {1, 2, 3, 4};
    assertEquals(2.5, ConfidenceInterval.percentile(sorted, 0.5), 0.0); // h = 1.5
    assertEquals(1.075, ConfidenceInterval.percentile(sorted, 0.025), 1e-12); // h = 0.075
    assertEquals(3.925, ConfidenceInterval.percentile(sorted, 0.975), 1e-12); // h = 2.925
    assertEquals(4.0, ConfidenceInterval.percentile(sorted, 1.0), 0.0);
  }

  @Test
  void bootstrapRejectsEmptyOrNonFiniteSamples() {
    assertEquals(EvalErrors.EVAL_METRIC_INPUT_INVALID.code(), assertThrows(PipelineException.class,
        () -> ConfidenceInterval.bootstrap(new double[0], 100, 1)).errorClass());
    PipelineException nan = assertThrows(PipelineException.class,
        () -> ConfidenceInterval.bootstrap(new double[] {1, Double.NaN}, 100, 1));
    assertTrue(nan.getMessage().contains("sample 1 is NaN"), nan.getMessage());
  }

  @Test
  void pointEstimatesHaveNoInterval() {
    ConfidenceInterval f1 = ConfidenceInterval.pointEstimate(0.7, 20);
    assertFalse(f1.hasInterval());
    assertTrue(ConfidenceInterval.wilson(3, 4).hasInterval());
    assertThrows(PipelineException.class, () -> new ConfidenceInterval(0.5, 0.6, 0.4, 10, "x"));
  }
}
