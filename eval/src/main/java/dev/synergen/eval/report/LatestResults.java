package dev.synergen.eval.report;

import dev.synergen.eval.report.ReportInputs.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The number each (checkpoint, suite, metric) shows: the newest evaluation's, when a checkpoint
 * was evaluated more than once (a re-run with more samples, a fixed suite). Older rows stay in
 * eval_results and in the evaluation-runs section.
 */
final class LatestResults {
  private final Map<String, Result> latest = new LinkedHashMap<>();

  LatestResults(List<Result> results) {
    Comparator<Result> newer = Comparator.comparing((Result r) -> r.at() == null ? 0L : r.at().getTime())
        .thenComparing(Result::evalRun);
    for (Result r : results) {
      latest.merge(key(r.sha256(), r.benchmark(), r.metric()), r, (a, b) -> newer.compare(a, b) >= 0 ? a : b);
    }
  }

  /** The suites present, in the report's order. */
  List<String> suites() {
    List<String> suites = new ArrayList<>(new TreeSet<>(latest.values().stream().map(Result::benchmark).toList()));
    suites.sort(Comparator.comparingInt(ReportConventions::suiteRank).thenComparing(s -> s));
    return suites;
  }

  /** The metrics of {@code suite}, alphabetically. */
  List<String> metrics(String suite) {
    return new ArrayList<>(new TreeSet<>(latest.values().stream().filter(r -> r.benchmark().equals(suite))
        .map(Result::metric).toList()));
  }

  /** The shown row, or null when the checkpoint has no such metric. */
  Result get(String sha256, String suite, String metric) {
    return latest.get(key(sha256, suite, metric));
  }

  private static String key(String sha, String suite, String metric) {
    return sha + "\u0000" + suite + "\u0000" + metric;
  }
}
