package dev.synergen.eval.job;

import java.util.List;

/** The metrics of one suite and its per-sample outputs; {@code skipped} (with its reason) when it could not run. */
public record SuiteResult(List<MetricRow> metrics, List<ItemResult> samples, String skipped) {
  public static SuiteResult of(List<MetricRow> metrics, List<ItemResult> samples) {
    return new SuiteResult(List.copyOf(metrics), List.copyOf(samples), null);
  }

  public static SuiteResult skipped(String reason) {
    return new SuiteResult(List.of(), List.of(), reason);
  }
}
