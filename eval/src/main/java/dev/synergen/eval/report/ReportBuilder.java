package dev.synergen.eval.report;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.report.CheckpointColumns.Column;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds {@code synergen report}: one self-contained HTML file (CSS inline, charts and images as
 * data URIs, no script) from {@code eval_results}, {@code eval_samples}, {@code training_metrics}
 * and {@code checkpoints}, read at their current Delta versions, which the report prints. A
 * missing table or an empty section becomes a line saying what is missing.
 *
 * <h2>What the report reads (the convention for suite authors)</h2>
 *
 * <p><b>eval_results</b>, one row per (eval_run, benchmark, metric):
 * <ul>
 *   <li>{@code benchmark} is the suite: {@code tokenizer, caption, mcq, pope, geneval, t2i_match,
 *       efficiency, text} ({@link ReportConventions#SUITES}; other names are shown after these). {@code metric}
 *       is free text, shown as written and sorted by name within a suite.
 *   <li>A checkpoint is identified by {@code checkpoint_sha256}; {@code stage}, {@code step} and
 *       {@code run_id} label it ("S1 step 300 · run · sha"); columns follow the stage order base,
 *       text, s1, s2, sft, full, then step (or the order of {@code --checkpoints}).
 *   <li>{@code value} with {@code n}; {@code ci_low}/{@code ci_high} (null: no interval drawn) and
 *       {@code chance} (null: no chance line). A metric whose value, CI and chance all lie in
 *       [0, 1] is drawn with the suite's other such metrics on one axis; any other metric (PSNR in
 *       dB, perplexity, tokens/s) gets its own chart.
 *   <li>{@code source_versions} and {@code settings} (JSON text, pretty-printed) are shown in a
 *       collapsible block under every number and per suite in the evaluation-runs section.
 *   <li>When a checkpoint was evaluated on one benchmark by several eval runs, only the newest run
 *       (newest {@code at}, then the greater {@code eval_run}) is shown: its metrics and its
 *       samples, never a mix; the evaluation-runs section marks the older runs superseded.
 * </ul>
 *
 * <p><b>eval_samples</b> rows join eval_results on {@code eval_run}. The report shows the first
 * {@code samplesPerGroup} samples by {@code sample_id} of each group, for four benchmarks:
 * <ul>
 *   <li>{@code geneval}: {@code image} the generated PNG, {@code input} the prompt, {@code correct}
 *       the judge's verdict (pass/fail mark; null: no mark), {@code output} optional (e.g. what the
 *       detector found), {@code detail} a JSON object with {@code "category"}: the GenEval task tag
 *       ({@code GenEvalTask.tag()}: single_object, two_object, counting, colors, position,
 *       color_attr). Grouped per checkpoint and category.
 *   <li>{@code t2i_match}: {@code image} the PNG generated for the caption {@code input},
 *       {@code correct} whether its own image was the nearest candidate, {@code output} what was
 *       nearest, {@code score} its own image's rank, {@code detail} a JSON object with
 *       {@code "truth_png"}: the held-out image as base64 PNG, shown at the row's head.
 *   <li>{@code caption}: {@code image} the held-out image, {@code output} the model's caption,
 *       {@code reference} the reference caption(s), {@code input} optional (pair id), {@code score}
 *       optional (e.g. the sample's CIDEr-D).
 *   <li>{@code tokenizer}: one row per held-out image; {@code image} the original PNG and
 *       {@code detail} a JSON object with {@code "reconstruction_png"}: the reconstruction as
 *       base64 (RFC 4648) PNG, and optionally numbers {@code "psnr"} (dB) and {@code "ssim"}.
 *       One row per image keeps the row count equal to n and the pair in one write.
 * </ul>
 * Images may be PNG, JPEG, GIF or WebP (told by their magic bytes); bytes that do not decode are
 * shown as a note instead of an image.
 *
 * <p><b>training_metrics</b>: per run, charts of {@code loss, text_loss, image_loss, lr,
 * grad_norm} against {@code step}, one line per worker (per stage and worker when a run has
 * several stages); null or non-finite values are left out. <b>checkpoints</b>: listed under
 * their run with path, sha256 and the source table versions.
 */
public final class ReportBuilder {
  /** What was written. */
  public record Summary(Path out, long bytes, int checkpoints, int charts, int images, List<String> missing) {}

  private ReportBuilder() {}

  /** Reads the tables, renders the page and writes it to {@code out} atomically. */
  public static Summary write(SparkSession spark, Lakehouse lakehouse, ReportRequest request, Path out) {
    ReportInputs in = ReportInputs.read(spark, lakehouse, request);
    ReportView.Page page = page(in, lakehouse, request);
    String html = ReportTemplate.render(page);
    try {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      AtomicFiles.writeString(out, html);
    } catch (IOException | RuntimeException e) {
      throw EvalErrors.error(EvalErrors.REPORT_INVALID, "cannot write the report to " + out.toAbsolutePath() + ": "
          + e.getMessage() + "; choose another --out", e);
    }
    int charts = page.charts().suites().stream().mapToInt(s -> s.charts().size()).sum()
        + page.training().runs().stream().mapToInt(r -> r.charts().size()).sum();
    int images = countImages(page.geneval()) + countImages(page.matches()) + countImages(page.captions()) + countImages(page.tokenizer());
    List<String> missing = new ArrayList<>();
    in.missing.forEach(t -> missing.add("table " + t));
    return new Summary(out.toAbsolutePath(), html.getBytes(StandardCharsets.UTF_8).length,
        page.summary().columns().size(), charts, images, missing);
  }

  static ReportView.Page page(ReportInputs in, Lakehouse lakehouse, ReportRequest request) {
    List<Column> columns = CheckpointColumns.of(in.results, request);
    LatestResults latest = new LatestResults(in.results);
    Map<String, Column> checkpointOf = new HashMap<>();
    in.results.forEach(r -> checkpointOf.putIfAbsent(r.evalRun(),
        columns.stream().filter(c -> c.sha256().equals(r.sha256())).findFirst().orElse(null)));
    // a later run of a suite replaces an earlier one's samples as it replaces its numbers
    List<ReportInputs.Sample> samples = in.samples.stream()
        .filter(s -> latest.showsRun(s.evalRun(), s.benchmark())).toList();

    List<String> noResults = missing(in, "eval_results", in.results.isEmpty(),
        "the summary, the charts and the image grids come from synergen eval",
        "no eval_results rows for this request");
    List<String> noSamples = !noResults.isEmpty() ? noResults : missing(in, "eval_samples", false,
        "the image grids come from synergen eval's per-sample rows", "");
    List<String> noTraining = missing(in, "training_metrics", in.points.isEmpty() && in.checkpoints.isEmpty(),
        "training curves come from synergen train", "no training_metrics rows for this request");

    List<ReportView.TableRead> tables = new ArrayList<>();
    for (String t : List.of("eval_results", "eval_samples", "training_metrics", "checkpoints")) {
      Long v = in.versions.get(t);
      tables.add(new ReportView.TableRead(t, v == null ? "missing" : "v" + v, v == null));
    }
    String source = "training_metrics@v" + in.versions.getOrDefault("training_metrics", -1L)
        + (in.versions.containsKey("checkpoints") ? ", checkpoints@v" + in.versions.get("checkpoints") : "");
    return new ReportView.Page(request.title(), Formats.time(java.sql.Timestamp.from(Instant.now())),
        lakehouse.root(), describe(request), tables,
        SummarySection.summary(latest, columns, noResults),
        SuiteChartsSection.build(latest, columns, noResults),
        TrainingSection.build(in.points, in.checkpoints, source, noTraining),
        GallerySection.geneval(samples, columns, checkpointOf, noSamples),
        GallerySection.matches(samples, columns, checkpointOf, noSamples),
        GallerySection.captions(samples, columns, checkpointOf, noSamples),
        GallerySection.tokenizer(samples, columns, checkpointOf, noSamples),
        SummarySection.evalRuns(in.results, latest, noResults));
  }

  /** One line saying what is missing and where it would come from, or nothing. */
  private static List<String> missing(ReportInputs in, String table, boolean empty, String whence, String emptyText) {
    if (in.missing.contains(table)) {
      return List.of("No " + table + " table in the lakehouse: " + whence + ".");
    }
    return empty ? List.of(capitalised(emptyText) + ".") : List.of();
  }

  private static String describe(ReportRequest request) {
    String runs = request.runs().isEmpty() ? "all runs" : "runs " + String.join(", ", request.runs());
    String checkpoints = request.checkpoints().isEmpty() ? "all checkpoints"
        : "checkpoints " + String.join(", ", request.checkpoints());
    return runs + "; " + checkpoints + "; up to " + request.samplesPerGroup() + " samples per group";
  }

  private static int countImages(ReportView.Gallery g) {
    return g.grids().stream().flatMap(x -> x.rows().stream())
        .mapToInt(r -> (r.rowSrc() == null ? 0 : 1) + (int) r.cells().stream().filter(t -> t.src() != null).count())
        .sum();
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
