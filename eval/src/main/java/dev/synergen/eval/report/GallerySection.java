package dev.synergen.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synergen.eval.probes.GenEvalTask;
import dev.synergen.eval.report.CheckpointColumns.Column;
import dev.synergen.eval.report.ReportInputs.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The image sections from eval_samples: the GenEval grid (per checkpoint and category, pass/fail
 * marks), caption examples next to their images, and tokenizer reconstructions next to the
 * originals. The conventions they read are in {@link ReportBuilder}.
 */
final class GallerySection {
  private static final List<String> CATEGORY_ORDER = Arrays.stream(GenEvalTask.values()).map(GenEvalTask::tag).toList();

  private GallerySection() {}

  /** {@code columns} in report order; {@code checkpointOf} maps an eval run to its checkpoint column. */
  static ReportView.Gallery geneval(List<Sample> samples, List<Column> columns, Map<String, Column> checkpointOf,
      List<String> missing) {
    List<ReportView.Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Sample>> e : grouped(samples, ReportConventions.GENEVAL, columns, checkpointOf,
        true).entrySet()) {
      List<ReportView.Tile> tiles = e.getValue().stream().map(s -> tile(s, null, null, s.input(), s.output(), null,
          s.correct(), s.score() == null ? "" : "score " + Formats.number(s.score()))).toList();
      long pass = e.getValue().stream().filter(s -> Boolean.TRUE.equals(s.correct())).count();
      groups.add(new ReportView.Group(e.getKey(), String.format(Locale.ROOT, "%d of %d shown pass", pass,
          tiles.size()), tiles));
    }
    return new ReportView.Gallery(orMissing(missing, groups, ReportConventions.GENEVAL), groups);
  }

  static ReportView.Gallery captions(List<Sample> samples, List<Column> columns, Map<String, Column> checkpointOf,
      List<String> missing) {
    List<ReportView.Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Sample>> e : grouped(samples, ReportConventions.CAPTION, columns, checkpointOf,
        false).entrySet()) {
      List<ReportView.Tile> tiles = e.getValue().stream().map(s -> tile(s, null, null, s.input(), s.output(),
          s.reference(), null, s.score() == null ? "" : "score " + Formats.number(s.score()))).toList();
      groups.add(new ReportView.Group(e.getKey(), "", tiles));
    }
    return new ReportView.Gallery(orMissing(missing, groups, ReportConventions.CAPTION), groups);
  }

  static ReportView.Gallery tokenizer(List<Sample> samples, List<Column> columns, Map<String, Column> checkpointOf,
      List<String> missing) {
    List<ReportView.Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Sample>> e : grouped(samples, ReportConventions.TOKENIZER, columns, checkpointOf,
        false).entrySet()) {
      List<ReportView.Tile> tiles = new ArrayList<>();
      for (Sample s : e.getValue()) {
        JsonNode detail = Formats.detail(s.detail());
        String reconstruction = DataUris.imageFromBase64(
            detail.path(ReportConventions.DETAIL_RECONSTRUCTION_PNG).asText(null));
        List<String> scores = new ArrayList<>();
        if (detail.path(ReportConventions.DETAIL_PSNR).isNumber()) {
          scores.add("PSNR " + Formats.number(detail.get(ReportConventions.DETAIL_PSNR).asDouble()) + " dB");
        }
        if (detail.path(ReportConventions.DETAIL_SSIM).isNumber()) {
          scores.add("SSIM " + Formats.number(detail.get(ReportConventions.DETAIL_SSIM).asDouble()));
        }
        if (scores.isEmpty() && s.score() != null) {
          scores.add("score " + Formats.number(s.score()));
        }
        tiles.add(tile(s, reconstruction, reconstruction == null ? "no reconstruction_png in detail"
            : "reconstruction of " + s.sampleId(), s.input(), null, null, null, String.join(" · ", scores)));
      }
      groups.add(new ReportView.Group(e.getKey(), "left: original, right: reconstruction", tiles));
    }
    return new ReportView.Gallery(orMissing(missing, groups, ReportConventions.TOKENIZER), groups);
  }

  /** Samples of {@code benchmark} grouped under "checkpoint label" (and " — category"), in column order. */
  private static Map<String, List<Sample>> grouped(List<Sample> samples, String benchmark, List<Column> columns,
      Map<String, Column> checkpointOf, boolean byCategory) {
    Comparator<Sample> order = Comparator.comparingInt((Sample s) -> columnIndex(columns, checkpointOf.get(s.evalRun())))
        .thenComparing(Sample::evalRun)
        .thenComparingInt(s -> byCategory ? categoryRank(s.category()) : 0)
        .thenComparing(s -> byCategory && s.category() != null ? s.category() : "")
        .thenComparing(Sample::sampleId);
    Map<String, List<Sample>> groups = new LinkedHashMap<>();
    samples.stream().filter(s -> s.benchmark().equals(benchmark)).sorted(order).forEach(s -> {
      Column c = checkpointOf.get(s.evalRun());
      String heading = (c == null ? "eval run " + s.evalRun() : c.label())
          + (byCategory ? " — " + (s.category() == null ? "no category" : s.category()) : "");
      groups.computeIfAbsent(heading, k -> new ArrayList<>()).add(s);
    });
    return groups;
  }

  private static ReportView.Tile tile(Sample s, String secondSrc, String secondAlt, String caption, String output,
      String reference, Boolean correct, String score) {
    String src = DataUris.image(s.image());
    String note = src != null ? "" : s.image() == null ? "no image" : "image not readable (" + s.image().length
        + " bytes)";
    String alt = s.benchmark() + " sample " + s.sampleId() + (caption == null ? "" : ": " + caption);
    return new ReportView.Tile(s.sampleId(), src, alt, note, secondSrc, secondAlt, nullToEmpty(caption),
        nullToEmpty(output), nullToEmpty(reference), correct != null, Boolean.TRUE.equals(correct), score);
  }

  private static List<String> orMissing(List<String> missing, List<ReportView.Group> groups, String benchmark) {
    if (!missing.isEmpty() || !groups.isEmpty()) {
      return missing;
    }
    return List.of("No eval_samples rows with benchmark '" + benchmark + "' for the chosen checkpoints.");
  }

  private static int columnIndex(List<Column> columns, Column c) {
    int i = c == null ? -1 : columns.indexOf(c);
    return i < 0 ? columns.size() : i;
  }

  private static int categoryRank(String category) {
    int i = CATEGORY_ORDER.indexOf(category);
    return i < 0 ? CATEGORY_ORDER.size() : i;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
