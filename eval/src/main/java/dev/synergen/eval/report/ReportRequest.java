package dev.synergen.eval.report;

import dev.synergen.eval.EvalErrors;
import java.util.List;

/**
 * What a report shows: training runs ({@code runs}, empty = all), checkpoints ({@code checkpoints}:
 * a checkpoint path as eval_results records it, or a sha256 prefix of at least 8 hex digits; empty =
 * all, else also the column order), and how many samples each image grid shows per group.
 */
public record ReportRequest(List<String> runs, List<String> checkpoints, int samplesPerGroup, String title) {
  public static final int DEFAULT_SAMPLES = 8;
  public static final int MAX_SAMPLES = 200;
  public static final String DEFAULT_TITLE = "SynerGen evaluation report";

  public ReportRequest {
    runs = clean(runs);
    checkpoints = clean(checkpoints);
    if (samplesPerGroup < 0 || samplesPerGroup > MAX_SAMPLES) {
      throw EvalErrors.error(EvalErrors.REPORT_INVALID, "samples per group must be in [0, " + MAX_SAMPLES
          + "], got " + samplesPerGroup);
    }
    title = title == null || title.isBlank() ? DEFAULT_TITLE : title.strip();
  }

  /** Everything in the lakehouse, {@link #DEFAULT_SAMPLES} samples per group. */
  public static ReportRequest all() {
    return new ReportRequest(List.of(), List.of(), DEFAULT_SAMPLES, null);
  }

  private static List<String> clean(List<String> values) {
    return values == null ? List.of()
        : values.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }
}
