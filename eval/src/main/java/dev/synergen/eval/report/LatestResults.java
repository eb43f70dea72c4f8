package dev.synergen.eval.report;

import dev.synergen.eval.report.ReportInputs.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the report shows of a checkpoint evaluated more than once (a re-run with more samples, a
 * fixed suite): for each (checkpoint, suite), every metric and sample of the newest evaluation
 * run of that suite, never a mix of runs. Older runs stay in eval_results and are listed, marked
 * superseded, in the evaluation-runs section.
 */
final class LatestResults {
  private static final Comparator<Result> NEWER = Comparator
      .comparing((Result r) -> r.at() == null ? 0L : r.at().getTime()).thenComparing(Result::evalRun);

  /** (sha256, suite) -> the newest row of the suite's newest run. */
  private final Map<String, Result> newestRun = new HashMap<>();
  private final Map<String, Result> latest = new LinkedHashMap<>();
  /** eval run -> the checkpoint it evaluated (one per run). */
  private final Map<String, String> checkpointOfRun = new HashMap<>();

  LatestResults(List<Result> results) {
    for (Result r : results) {
      checkpointOfRun.putIfAbsent(r.evalRun(), r.sha256());
      newestRun.merge(key(r.sha256(), r.benchmark()), r, (a, b) -> NEWER.compare(a, b) >= 0 ? a : b);
    }
    for (Result r : results) {
      if (shows(r.sha256(), r.benchmark(), r.evalRun())) {
        latest.put(key(r.sha256(), r.benchmark(), r.metric()), r);
      }
    }
  }

  /** Whether {@code evalRun}'s {@code suite} is the one shown for checkpoint {@code sha256}. */
  boolean shows(String sha256, String suite, String evalRun) {
    Result newest = newestRun.get(key(sha256, suite));
    return newest != null && newest.evalRun().equals(evalRun);
  }

  /** Whether a sample of {@code evalRun}'s {@code suite} belongs to the run the report shows. */
  boolean showsRun(String evalRun, String suite) {
    String sha256 = checkpointOfRun.get(evalRun);
    return sha256 != null && shows(sha256, suite, evalRun);
  }

  /** The eval run whose {@code suite} replaces {@code r}'s for its checkpoint, or null when r's is shown. */
  String supersededBy(Result r) {
    Result newest = newestRun.get(key(r.sha256(), r.benchmark()));
    return newest == null || newest.evalRun().equals(r.evalRun()) ? null : newest.evalRun();
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

  private static String key(String... parts) {
    return String.join("\u0000", parts);
  }
}
