package dev.synergen.eval.report;

import dev.synergen.eval.report.CheckpointColumns.Column;
import dev.synergen.eval.report.ReportInputs.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The summary tables (one per suite; metrics as rows, checkpoints side by side) and the list of
 * evaluation runs with the table versions and settings of each suite.
 */
final class SummarySection {
  private SummarySection() {}

  static ReportView.Summary summary(LatestResults latest, List<Column> columns, List<String> missing) {
    List<ReportView.Column> header = columns.stream()
        .map(c -> new ReportView.Column(c.label(), c.path(), c.sha256())).toList();
    List<ReportView.SuiteTable> suites = new ArrayList<>();
    for (String suite : latest.suites()) {
      List<ReportView.MetricRow> rows = new ArrayList<>();
      for (String metric : latest.metrics(suite)) {
        List<ReportView.Cell> cells = new ArrayList<>();
        for (Column c : columns) {
          Result r = latest.get(c.sha256(), suite, metric);
          cells.add(r == null ? new ReportView.Cell(false, "", "", "", "", null) : cell(r));
        }
        rows.add(new ReportView.MetricRow(metric, cells));
      }
      suites.add(new ReportView.SuiteTable(suite, anchor(suite), rows));
    }
    return new ReportView.Summary(missing, header, suites);
  }

  static ReportView.EvalRuns evalRuns(List<Result> results, LatestResults latest, List<String> missing) {
    Map<String, List<Result>> byRun = new LinkedHashMap<>();
    results.stream().sorted(Comparator.comparing(Result::evalRun))
        .forEach(r -> byRun.computeIfAbsent(r.evalRun(), k -> new ArrayList<>()).add(r));
    List<ReportView.EvalRun> runs = new ArrayList<>();
    byRun.forEach((evalRun, rows) -> {
      Map<String, List<Result>> bySuite = new LinkedHashMap<>();
      rows.stream().sorted(Comparator.comparingInt((Result r) -> ReportConventions.suiteRank(r.benchmark()))
          .thenComparing(Result::benchmark).thenComparing(Result::metric))
          .forEach(r -> bySuite.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(r));
      List<ReportView.SuiteSource> suites = new ArrayList<>();
      bySuite.forEach((suite, suiteRows) -> suites.add(new ReportView.SuiteSource(suite,
          String.join(", ", suiteRows.stream().map(Result::metric).toList()),
          distinct(suiteRows.stream().map(r -> ReportInputs.versions(r.sourceVersions())).toList()),
          distinct(suiteRows.stream().map(r -> Formats.prettyJson(r.settings())).toList()),
          latest.supersededBy(suiteRows.get(0)))));
      Result first = rows.get(0);
      runs.add(new ReportView.EvalRun(evalRun, first.checkpoint(), first.sha256(), suites));
    });
    return new ReportView.EvalRuns(missing, runs);
  }

  private static ReportView.Cell cell(Result r) {
    String ci = r.ciLow() == null || r.ciHigh() == null ? ""
        : "[" + Formats.number(r.ciLow()) + ", " + Formats.number(r.ciHigh()) + "]";
    String chance = r.chance() == null ? "" : "chance " + Formats.number(r.chance());
    ReportView.Provenance p = new ReportView.Provenance(r.evalRun(), r.checkpoint(), r.sha256(),
        ReportInputs.versions(r.sourceVersions()), Formats.prettyJson(r.settings()), Formats.time(r.at()));
    return new ReportView.Cell(true, Formats.number(r.value()), ci, String.format(Locale.ROOT, "n = %,d", r.n()),
        chance, p);
  }

  /** A suite name as an HTML id (the name itself is data: keep letters, digits, '-' and '_'). */
  static String anchor(String suite) {
    return "suite-" + suite.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
  }

  private static String distinct(List<String> values) {
    return String.join("\n--- differs between metrics ---\n", new TreeSet<>(values));
  }
}
