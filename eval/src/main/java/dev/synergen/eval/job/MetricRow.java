package dev.synergen.eval.job;

import dev.synergen.eval.metrics.ConfidenceInterval;

/** One metric of a suite: value, sample count, 95% interval (NaN bounds when none) and chance level (NaN when none). */
public record MetricRow(String metric, double value, long n, double low, double high, double chance) {
  public static MetricRow of(String metric, ConfidenceInterval ci) {
    return new MetricRow(metric, ci.value(), ci.n(), ci.hasInterval() ? ci.low() : Double.NaN,
        ci.hasInterval() ? ci.high() : Double.NaN, Double.NaN);
  }

  public static MetricRow of(String metric, ConfidenceInterval ci, double chance) {
    MetricRow r = of(metric, ci);
    return new MetricRow(r.metric(), r.value(), r.n(), r.low(), r.high(), chance);
  }

  /** A measured figure without an interval (a throughput, a count). */
  public static MetricRow point(String metric, double value, long n) {
    return new MetricRow(metric, value, n, Double.NaN, Double.NaN, Double.NaN);
  }

  /** This row with a chance level. */
  public MetricRow withChance(double level) {
    return new MetricRow(metric, value, n, low, high, level);
  }
}
