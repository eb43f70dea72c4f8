package dev.synergen.eval.report;

import dev.synergen.eval.report.ReportInputs.Point;
import dev.synergen.eval.report.ReportInputs.Saved;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** Training curves per run from training_metrics (each worker its own line) and the run's checkpoints. */
final class TrainingSection {
  /** The quantities plotted against step, in order: column name and how to read it. */
  private static final Map<String, Function<Point, Double>> QUANTITIES = new LinkedHashMap<>();

  static {
    QUANTITIES.put("loss", Point::loss);
    QUANTITIES.put("text_loss", Point::textLoss);
    QUANTITIES.put("image_loss", Point::imageLoss);
    QUANTITIES.put("lr", Point::lr);
    QUANTITIES.put("grad_norm", Point::gradNorm);
  }

  private TrainingSection() {}

  static ReportView.Training build(List<Point> points, List<Saved> saved, String source, List<String> missing) {
    Map<String, List<Point>> byRun = new LinkedHashMap<>();
    points.forEach(p -> byRun.computeIfAbsent(p.runId(), k -> new ArrayList<>()).add(p));
    // runs with checkpoints but no logged metrics still list their checkpoints
    saved.forEach(s -> byRun.computeIfAbsent(s.runId(), k -> new ArrayList<>()));
    List<ReportView.RunCurves> runs = new ArrayList<>();
    for (Map.Entry<String, List<Point>> run : new java.util.TreeMap<>(byRun).entrySet()) {
      runs.add(run(run.getKey(), run.getValue(), saved, source));
    }
    return new ReportView.Training(missing, runs);
  }

  private static ReportView.RunCurves run(String runId, List<Point> points, List<Saved> saved, String source) {
    TreeSet<String> stages = new TreeSet<>();
    TreeSet<Integer> workers = new TreeSet<>();
    points.forEach(p -> {
      stages.add(p.stage());
      workers.add(p.worker());
    });
    List<ReportView.Chart> charts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (points.isEmpty()) {
      notes.add("No training_metrics rows for run " + runId + ".");
    }
    for (Map.Entry<String, Function<Point, Double>> q : QUANTITIES.entrySet()) {
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      for (Point p : points) {
        Double y = q.getValue().apply(p);
        if (y != null && Double.isFinite(y)) {
          String line = (stages.size() > 1 ? p.stage() + " · " : "") + "worker " + p.worker();
          series.computeIfAbsent(line, k -> new ArrayList<>()).add(new double[] {p.step(), y});
        }
      }
      if (series.isEmpty()) {
        if (!points.isEmpty()) {
          notes.add("No " + q.getKey() + " logged (null or not finite in every row).");
        }
      } else {
        boolean fromZero = q.getKey().equals("lr") || q.getKey().equals("grad_norm");
        charts.add(Charts.lines(runId + ": " + q.getKey(), "step", q.getKey(), series, fromZero));
      }
    }
    long nonFinite = points.stream().filter(p -> !Double.isFinite(p.loss())).count();
    if (nonFinite > 0) {
      notes.add(String.format(Locale.ROOT, "%,d rows with a non-finite loss are left out of the loss chart.",
          nonFinite));
    }
    List<ReportView.Saved> checkpoints = saved.stream().filter(s -> s.runId().equals(runId))
        .map(s -> new ReportView.Saved(s.stage(), Integer.toString(s.round()), Long.toString(s.step()), s.path(),
            s.sha256(), ReportInputs.versions(s.sourceVersions())))
        .toList();
    String steps = points.isEmpty() ? "" : String.format(Locale.ROOT, "steps %d to %d",
        points.stream().mapToLong(Point::step).min().getAsLong(),
        points.stream().mapToLong(Point::step).max().getAsLong());
    return new ReportView.RunCurves(runId, String.join(", ", stages), workers.size() + " worker"
        + (workers.size() == 1 ? "" : "s"), steps, source, charts, notes, checkpoints);
  }
}
