package dev.synergen.eval.metrics;

import dev.synergen.eval.EvalErrors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POPE's yes/no metrics from confusion counts, "yes" being the positive class: accuracy, precision,
 * recall and yes-ratio as proportions with Wilson intervals (n = their denominators), F1 without one.
 */
public record BinaryMetrics(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
  public BinaryMetrics {
    if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "confusion counts must be >= 0, got tp=" + truePositives
          + " fp=" + falsePositives + " tn=" + trueNegatives + " fn=" + falseNegatives);
    }
  }

  /** Counts from parallel arrays: {@code predictedYes[i]} answers probe i, {@code truthYes[i]} is its label. */
  public static BinaryMetrics of(boolean[] predictedYes, boolean[] truthYes) {
    if (predictedYes.length != truthYes.length) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "predictions and truths must have the same length, got "
          + predictedYes.length + " predictions and " + truthYes.length + " truths");
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < predictedYes.length; i++) {
      if (predictedYes[i]) {
        if (truthYes[i]) {
          tp++;
        } else {
          fp++;
        }
      } else if (truthYes[i]) {
        fn++;
      } else {
        tn++;
      }
    }
    return new BinaryMetrics(tp, fp, tn, fn);
  }

  public long n() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  public ConfidenceInterval accuracy() {
    return ConfidenceInterval.wilson(truePositives + trueNegatives, n());
  }

  /** TP / (TP + FP); undefined (NaN, n = 0) when the model never says yes. */
  public ConfidenceInterval precision() {
    return ConfidenceInterval.wilson(truePositives, truePositives + falsePositives);
  }

  /** TP / (TP + FN); undefined (NaN, n = 0) without positive probes. */
  public ConfidenceInterval recall() {
    return ConfidenceInterval.wilson(truePositives, truePositives + falseNegatives);
  }

  /**
   * 2TP / (2TP + FP + FN), which equals POPE's 2PR / (P + R) wherever that is defined and is 0 when
   * TP = 0 (POPE would divide by zero); NaN only without any positive prediction or label.
   */
  public ConfidenceInterval f1() {
    long denominator = 2 * truePositives + falsePositives + falseNegatives;
    double f1 = denominator == 0 ? Double.NaN : 2.0 * truePositives / denominator;
    return ConfidenceInterval.pointEstimate(f1, n());
  }

  /** Share of "yes" answers; POPE's probes are half positive, so a calibrated model is near 0.5. */
  public ConfidenceInterval yesRatio() {
    return ConfidenceInterval.wilson(truePositives + falsePositives, n());
  }

  /** All five, in POPE's reporting order, keyed by the metric names of {@code eval_results}. */
  public Map<String, ConfidenceInterval> all() {
    Map<String, ConfidenceInterval> all = new LinkedHashMap<>();
    all.put("accuracy", accuracy());
    all.put("precision", precision());
    all.put("recall", recall());
    all.put("f1", f1());
    all.put("yes_ratio", yesRatio());
    return all;
  }
}
