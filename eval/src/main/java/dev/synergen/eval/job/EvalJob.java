package dev.synergen.eval.job;

import static org.apache.spark.sql.functions.col;

import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.Sha256;
import dev.synergen.core.run.FaultRows;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.eval.EvalErrors;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.CheckpointMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen eval}: runs the requested suites on a checkpoint as Spark batch jobs and MERGEs one
 * row per (eval run, suite, metric) into {@code eval_results} and the per-sample outputs into
 * {@code eval_samples}. The eval run id is a function of the checkpoint's sha256 and the settings
 * that decide the numbers, so a re-run skips the suites already there; samples are written before
 * results, so a suite interrupted between the two is simply run again. Suites whose inputs do not
 * exist (no scene JSON in a real corpus) are skipped with their reason, not failed.
 */
public final class EvalJob {
  public static final String JOB = "eval";

  private EvalJob() {}

  /** Runs {@code config.suites()}, each made by {@code suites} from its name (the caller's catalogue). */
  public static JobSummary run(SparkSession spark, EvalConfig config, PrintStream out, Function<String, Suite> suites)
      throws IOException {
    try (JobDescription job = JobDescription.of(spark, JOB)) {
      return execute(spark, config, out, suites);
    } finally {
      if (spark.sparkContext().master().startsWith("local")) {
        ExecutorPipelines.clear();
      }
    }
  }

  /** The id of an evaluation: the checkpoint's weights and the settings that decide the numbers. */
  public static String evalRunId(Checkpoint checkpoint, EvalConfig config) {
    String settings = Sha256.hex(config.identityJson().getBytes(StandardCharsets.UTF_8));
    return "eval-" + checkpoint.weightsSha256().substring(0, 16) + "-" + settings.substring(0, 8);
  }

  private static JobSummary execute(SparkSession spark, EvalConfig config, PrintStream out,
      Function<String, Suite> suites) throws IOException {
    Instant started = Instant.now();
    Checkpoint checkpoint = Checkpoint.open(Path.of(config.checkpoint()));
    CheckpointMetadata meta = checkpoint.metadata();
    if (meta == null || meta.tokenizerDir() == null) {
      throw TrainingErrors.error(TrainingErrors.TOKENIZER_UNKNOWN, "checkpoint " + checkpoint.dir() + " records no"
          + " tokenizer (it was not written by synergen train); evaluate a checkpoint of a training run");
    }
    String evalRun = evalRunId(checkpoint, config);
    EvalContext ctx = new EvalContext(spark, config, checkpoint,
        new InferenceSpec(checkpoint.dir().toString(), meta.tokenizerDir(), config.device()), evalRun);
    Set<String> done = done(spark, config, evalRun);
    out.printf(Locale.ROOT, "evaluating %s (run %s, stage %s, step %d) as %s: suites %s%n", checkpoint.dir(),
        meta.runId(), meta.stage(), meta.step(), evalRun, config.suites());
    Map<String, Long> skipped = new TreeMap<>();
    long ran = 0;
    long present = 0;
    Map<String, Object> headline = new LinkedHashMap<>();
    for (String name : config.suites()) {
      if (done.contains(name)) {
        out.println("  " + name + ": already in eval_results for " + evalRun + "; skipped");
        present++;
        continue;
      }
      long t0 = System.nanoTime();
      SuiteResult result;
      try (JobDescription d = JobDescription.of(spark, JOB + ": " + name)) {
        result = suites.apply(name).run(ctx);
      }
      if (result.skipped() != null) {
        out.println("  " + name + ": skipped: " + result.skipped());
        skipped.merge("SUITE_SKIPPED", 1L, Long::sum);
        continue;
      }
      write(spark, config, ctx, checkpoint, meta, name, result);
      ran++;
      out.printf(Locale.ROOT, "  %s (%.1f s):%n", name, (System.nanoTime() - t0) / 1e9);
      for (MetricRow m : result.metrics()) {
        out.println("    " + format(m));
        headline.put(name + "." + m.metric(), round(m.value()));
      }
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("eval_run", evalRun);
    extra.put("checkpoint", checkpoint.dir().toString());
    extra.putAll(headline);
    Map<String, Long> written = new LinkedHashMap<>();
    if (ran > 0) {
      written.put(PipelineTables.EVAL_RESULTS.name(),
          DeltaTables.currentVersion(spark, config.lakehouse(), PipelineTables.EVAL_RESULTS));
    }
    return new JobSummary(JOB, evalRun, started, Instant.now(), config.suites().size(), ran, present, skipped,
        ctx.versions(), written, extra);
  }

  /** Suites of this eval run already in eval_results. */
  private static Set<String> done(SparkSession spark, EvalConfig config, String evalRun) {
    if (!DeltaTables.exists(spark, config.lakehouse(), PipelineTables.EVAL_RESULTS)) {
      return Set.of();
    }
    return DeltaTables.read(spark, config.lakehouse(), PipelineTables.EVAL_RESULTS)
        .where(col("eval_run").equalTo(evalRun)).select("benchmark").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  private static void write(SparkSession spark, EvalConfig config, EvalContext ctx, Checkpoint checkpoint,
      CheckpointMetadata meta, String suite, SuiteResult result) {
    int index = config.suites().indexOf(suite);
    Timestamp at = Timestamp.from(Instant.now());
    List<Row> samples = new ArrayList<>();
    for (ItemResult s : result.samples()) {
      samples.add(RowFactory.create(ctx.evalRun(), suite, s.id(), s.input(), s.output(), s.reference(), s.correct(),
          s.score(), s.imageBytes(), s.detail() == null ? null : Json.write(s.detail()), at));
    }
    if (!samples.isEmpty()) {
      DeltaTables.insertNew(spark, config.lakehouse(), PipelineTables.EVAL_SAMPLES, FaultRows.firing(
          spark.createDataFrame(samples, PipelineTables.EVAL_SAMPLES.schema()), config.faults(), "delta_write",
          "suite", index, "table", 0));
    }
    config.faults().at("samples_written", "suite", index);
    List<Row> rows = new ArrayList<>();
    var versions = scala.jdk.javaapi.CollectionConverters.asScala(ctx.versions());
    for (MetricRow m : result.metrics()) {
      if (!Double.isFinite(m.value())) {
        throw EvalErrors.error(EvalErrors.EVAL_INPUT_MISSING, "suite " + suite + " computed no value for metric "
            + m.metric() + " (n = " + m.n() + "); raise --limit or check the held-out split");
      }
      rows.add(RowFactory.create(ctx.evalRun(), checkpoint.dir().toString(), checkpoint.weightsSha256(), meta.runId(),
          meta.stage(), meta.step(), suite, m.metric(), m.value(), m.n(), nanToNull(m.low()), nanToNull(m.high()),
          nanToNull(m.chance()), versions, config.identityJson(), at));
    }
    DeltaTables.insertNew(spark, config.lakehouse(), PipelineTables.EVAL_RESULTS, FaultRows.firing(
        spark.createDataFrame(rows, PipelineTables.EVAL_RESULTS.schema()), config.faults(), "delta_write",
        "suite", index, "table", 1));
  }

  static String format(MetricRow m) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-28s %10.4f", m.metric(), m.value()));
    if (Double.isFinite(m.low())) {
      b.append(String.format(Locale.ROOT, "  [%.4f, %.4f]", m.low(), m.high()));
    }
    b.append("  n=").append(m.n());
    if (Double.isFinite(m.chance())) {
      b.append(String.format(Locale.ROOT, "  chance %.4f", m.chance()));
    }
    return b.toString();
  }

  private static Double nanToNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
