package dev.synergen.eval.report;

import dev.synergen.eval.report.CheckpointColumns.Column;
import dev.synergen.eval.report.ReportInputs.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * Bar charts per suite, checkpoints side by side, with CI whiskers. Metrics whose values, CIs and
 * chance levels all lie in [0, 1] (accuracies, F1, pass rates) share one chart per suite, at most
 * {@link #PER_CHART} to a chart; every other metric (PSNR in dB, perplexity, throughput) gets its
 * own axis, since one axis for 30 dB and 0.9 SSIM would flatten the smaller one.
 */
final class SuiteChartsSection {
  static final int PER_CHART = 8;

  private SuiteChartsSection() {}

  static ReportView.Charts build(LatestResults latest, List<Column> columns, List<String> missing) {
    List<String> series = columns.stream().map(Column::label).toList();
    List<ReportView.SuiteCharts> suites = new ArrayList<>();
    for (String suite : latest.suites()) {
      List<List<Charts.Bar>> proportions = new ArrayList<>();
      List<ReportView.Chart> charts = new ArrayList<>();
      List<Charts.Bar> shared = new ArrayList<>();
      for (String metric : latest.metrics(suite)) {
        List<Charts.Bar> bars = bars(latest, columns, suite, metric);
        if (bars.isEmpty()) {
          continue; // NaN everywhere: the summary table shows it, a chart cannot
        }
        if (bars.stream().allMatch(SuiteChartsSection::isProportion)) {
          if (shared.stream().map(Charts.Bar::category).distinct().count() == PER_CHART) {
            proportions.add(shared);
            shared = new ArrayList<>();
          }
          shared.addAll(bars);
        } else {
          charts.add(Charts.bars(suite + ": " + metric, metric, bars, series));
        }
      }
      if (!shared.isEmpty()) {
        proportions.add(shared);
      }
      List<ReportView.Chart> all = new ArrayList<>();
      for (int i = 0; i < proportions.size(); i++) {
        String title = suite + (proportions.size() > 1 ? " (" + (i + 1) + " of " + proportions.size() + ")" : "");
        all.add(Charts.bars(title, "value", proportions.get(i), series));
      }
      all.addAll(charts);
      suites.add(new ReportView.SuiteCharts(suite, all));
    }
    return new ReportView.Charts(missing, suites);
  }

  private static List<Charts.Bar> bars(LatestResults latest, List<Column> columns, String suite, String metric) {
    List<Charts.Bar> bars = new ArrayList<>();
    for (Column c : columns) {
      Result r = latest.get(c.sha256(), suite, metric);
      if (r != null && Double.isFinite(r.value())) {
        bars.add(new Charts.Bar(c.label(), metric, r.value(), r.ciLow(), r.ciHigh(), r.chance()));
      }
    }
    return bars;
  }

  private static boolean isProportion(Charts.Bar b) {
    return unit(b.value()) && (b.low() == null || unit(b.low())) && (b.high() == null || unit(b.high()))
        && (b.chance() == null || unit(b.chance()));
  }

  private static boolean unit(double v) {
    return v >= 0 && v <= 1;
  }
}
