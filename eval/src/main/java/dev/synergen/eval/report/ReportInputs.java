package dev.synergen.eval.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.row_number;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.eval.EvalErrors;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The rows a report shows, read once from the lakehouse at the tables' current versions (which
 * the report prints) and filtered by the request. Tables that do not exist read as empty and are
 * named in {@link #missing()}; names in the request that match nothing are REPORT_INVALID.
 */
final class ReportInputs {
  /** Benchmarks whose samples the report shows as image grids. */
  static final List<String> SAMPLE_BENCHMARKS = List.of(ReportConventions.GENEVAL, ReportConventions.T2I_MATCH,
      ReportConventions.CAPTION, ReportConventions.TOKENIZER);

  /** One eval_results row. */
  record Result(String evalRun, String checkpoint, String sha256, String runId, String stage, Long step,
      String benchmark, String metric, double value, long n, Double ciLow, Double ciHigh, Double chance,
      Map<String, Long> sourceVersions, String settings, Timestamp at) {}

  /** One eval_samples row; {@code category} is the detail JSON's {@code category} (or null). */
  record Sample(String evalRun, String benchmark, String sampleId, String input, String output, String reference,
      Boolean correct, Double score, byte[] image, String detail, String category) {}

  /** One training_metrics row. */
  record Point(String runId, String stage, int worker, long step, double loss, Double textLoss, Double imageLoss,
      double lr, Double gradNorm) {}

  /** One checkpoints row. */
  record Saved(String runId, String stage, int round, long step, String path, String sha256,
      Map<String, Long> sourceVersions) {}

  final Map<String, Long> versions = new LinkedHashMap<>();
  final List<String> missing = new ArrayList<>();
  final List<Result> results = new ArrayList<>();
  final List<Sample> samples = new ArrayList<>();
  final List<Point> points = new ArrayList<>();
  final List<Saved> checkpoints = new ArrayList<>();

  private ReportInputs() {}

  static ReportInputs read(SparkSession spark, Lakehouse lakehouse, ReportRequest request) {
    ReportInputs in = new ReportInputs();
    try (JobDescription d = JobDescription.of(spark, "report: read")) {
      Dataset<Row> evalResults = in.table(spark, lakehouse, PipelineTables.EVAL_RESULTS);
      List<Result> allResults = evalResults == null ? List.of()
          : evalResults.collectAsList().stream().map(ReportInputs::result).toList();
      Dataset<Row> metrics = in.table(spark, lakehouse, PipelineTables.TRAINING_METRICS);
      Dataset<Row> saved = in.table(spark, lakehouse, PipelineTables.CHECKPOINTS);
      Set<String> knownRuns = new TreeSet<>();
      allResults.forEach(r -> knownRuns.add(String.valueOf(r.runId())));
      if (metrics != null) {
        metrics.select("run_id").distinct().collectAsList().forEach(r -> knownRuns.add(r.getString(0)));
      }
      if (saved != null) {
        saved.select("run_id").distinct().collectAsList().forEach(r -> knownRuns.add(r.getString(0)));
      }
      requireKnown("run", request.runs(), knownRuns, lakehouse);
      in.results.addAll(CheckpointColumns.select(allResults, request, lakehouse));

      Set<String> runs = new LinkedHashSet<>(request.runs());
      if (runs.isEmpty() && !request.checkpoints().isEmpty()) {
        in.results.forEach(r -> runs.add(String.valueOf(r.runId()))); // the runs that made the chosen checkpoints
      }
      if (metrics != null) {
        Dataset<Row> m = runs.isEmpty() ? metrics : metrics.where(col("run_id").isin(runs.toArray()));
        m.select("run_id", "stage", "worker", "step", "loss", "text_loss", "image_loss", "lr", "grad_norm")
            .orderBy("run_id", "stage", "worker", "step").collectAsList().forEach(r -> in.points.add(point(r)));
      }
      if (saved != null) {
        Dataset<Row> s = runs.isEmpty() ? saved : saved.where(col("run_id").isin(runs.toArray()));
        s.orderBy("run_id", "step", "stage", "round").collectAsList().forEach(r -> in.checkpoints.add(saved(r)));
      }
      Dataset<Row> samples = in.table(spark, lakehouse, PipelineTables.EVAL_SAMPLES);
      if (samples != null && !in.results.isEmpty() && request.samplesPerGroup() > 0) {
        in.samples.addAll(samples(samples, in.results, request.samplesPerGroup()));
      }
    }
    if (in.results.isEmpty() && in.points.isEmpty()) {
      throw EvalErrors.error(EvalErrors.REPORT_INVALID, "nothing to report under " + lakehouse.root()
          + ": no eval_results or training_metrics rows" + (request.runs().isEmpty() && request.checkpoints().isEmpty()
              ? "" : " match runs " + request.runs() + " / checkpoints " + request.checkpoints())
          + " (missing tables: " + in.missing + "); run synergen train or synergen eval first");
    }
    return in;
  }

  /** The table at its current version (recorded), or null (recorded as missing). */
  private Dataset<Row> table(SparkSession spark, Lakehouse lakehouse, TableSpec spec) {
    if (!DeltaTables.exists(spark, lakehouse, spec)) {
      if (!missing.contains(spec.name())) {
        missing.add(spec.name());
      }
      return null;
    }
    long version = versions.computeIfAbsent(spec.name(), n -> DeltaTables.currentVersion(spark, lakehouse, spec));
    // pinned to the version printed in the report, even if a job commits while the report is read
    return DeltaTables.readAt(spark, lakehouse, spec, version);
  }

  /** The first {@code perGroup} samples by id of each (eval run, benchmark, category) of the chosen results. */
  private static List<Sample> samples(Dataset<Row> table, List<Result> results, int perGroup) {
    Object[] evalRuns = results.stream().map(Result::evalRun).distinct().toArray();
    Dataset<Row> chosen = table.where(col("eval_run").isin(evalRuns).and(col("benchmark").isin(
            SAMPLE_BENCHMARKS.toArray())))
        .withColumn("category", get_json_object(col("detail"), "$.category"))
        .withColumn("rank", row_number().over(Window.partitionBy("eval_run", "benchmark", "category")
            .orderBy("sample_id")))
        .where(col("rank").leq(perGroup))
        .orderBy("eval_run", "benchmark", "category", "sample_id");
    List<Sample> out = new ArrayList<>();
    for (Row r : chosen.collectAsList()) {
      out.add(new Sample(r.getAs("eval_run"), r.getAs("benchmark"), r.getAs("sample_id"), r.getAs("input"),
          r.getAs("output"), r.getAs("reference"), r.getAs("correct"), r.getAs("score"), r.getAs("image"),
          r.getAs("detail"), r.getAs("category")));
    }
    return out;
  }

  static void requireKnown(String what, List<String> asked, Set<String> known, Lakehouse lakehouse) {
    List<String> unknown = asked.stream().filter(a -> !known.contains(a)).toList();
    if (!unknown.isEmpty()) {
      throw EvalErrors.error(EvalErrors.REPORT_INVALID, "no rows of " + what + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + " under " + lakehouse.root() + "; known " + what + "s: " + known);
    }
  }

  private static Result result(Row r) {
    return new Result(r.getAs("eval_run"), r.getAs("checkpoint"), r.getAs("checkpoint_sha256"), r.getAs("run_id"),
        r.getAs("stage"), r.getAs("step"), r.getAs("benchmark"), r.getAs("metric"), r.<Double>getAs("value"),
        r.<Long>getAs("n"), r.getAs("ci_low"), r.getAs("ci_high"), r.getAs("chance"),
        versionMap(r.getJavaMap(r.fieldIndex("source_versions"))), r.getAs("settings"), r.getAs("at"));
  }

  private static Point point(Row r) {
    return new Point(r.getString(0), r.getString(1), r.getInt(2), r.getLong(3), r.getDouble(4), nullable(r, 5),
        nullable(r, 6), r.getDouble(7), nullable(r, 8));
  }

  private static Saved saved(Row r) {
    return new Saved(r.getAs("run_id"), r.getAs("stage"), r.<Integer>getAs("round"), r.<Long>getAs("step"),
        r.getAs("path"), r.getAs("sha256"), versionMap(r.getJavaMap(r.fieldIndex("source_versions"))));
  }

  private static Double nullable(Row r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  private static Map<String, Long> versionMap(Map<Object, Object> m) {
    Map<String, Long> out = new TreeMap<>();
    if (m != null) {
      m.forEach((k, v) -> out.put(String.valueOf(k), ((Number) v).longValue()));
    }
    return out;
  }

  /** "raw_pairs@v3, sequences@v4": how the report prints a map of table versions. */
  static String versions(Map<String, Long> versions) {
    if (versions.isEmpty()) {
      return "(none recorded)";
    }
    List<String> parts = new ArrayList<>();
    versions.forEach((t, v) -> parts.add(String.format(Locale.ROOT, "%s@v%d", t, v)));
    return String.join(", ", parts);
  }
}
