package dev.synergen.eval.metrics;

/** Stable error classes of the metrics package; tests and callers match them exactly. */
public final class MetricErrors {
  /** A metric's input is malformed: empty, of mismatched lengths, out of range or not finite. */
  public static final String INPUT_INVALID = "EVAL_METRIC_INPUT_INVALID";

  private MetricErrors() {}
}
