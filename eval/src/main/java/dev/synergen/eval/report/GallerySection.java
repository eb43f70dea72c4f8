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
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The image sections from eval_samples, each a grid with one row per sample id and the
 * checkpoints side by side (suites use the same held-out items for every checkpoint, so a row
 * compares base, S1 and S2 on one prompt or image): the GenEval grid per category with pass/fail
 * marks, captions next to their image and reference, tokenizer reconstructions next to the
 * original. The conventions they read are in {@link ReportBuilder}.
 */
final class GallerySection {
  private static final List<String> CATEGORY_ORDER = Arrays.stream(GenEvalTask.values()).map(GenEvalTask::tag).toList();
  private static final String NO_CATEGORY = "(no category)";

  private GallerySection() {}

  /** {@code checkpointOf} maps an eval run to its checkpoint column. */
  static ReportView.Gallery geneval(List<Sample> samples, List<Column> columns, Map<String, Column> checkpointOf,
      List<String> missing) {
    Map<String, List<Sample>> byCategory = new TreeMap<>(Comparator.comparingInt(GallerySection::categoryRank)
        .thenComparing(Function.identity()));
    of(samples, ReportConventions.GENEVAL).forEach(s -> byCategory.computeIfAbsent(
        s.category() == null ? NO_CATEGORY : s.category(), k -> new ArrayList<>()).add(s));
    List<ReportView.Grid> grids = new ArrayList<>();
    byCategory.forEach((category, inCategory) -> {
      long shown = inCategory.stream().filter(s -> s.correct() != null).count();
      long pass = inCategory.stream().filter(s -> Boolean.TRUE.equals(s.correct())).count();
      String note = String.format(Locale.ROOT, "%d of %d shown generations pass the judge", pass, shown);
      grids.add(grid(category, note, inCategory, columns, checkpointOf,
          first -> row(first, first.input(), null),
          s -> {
            String src = DataUris.image(s.image());
            return tile(s, src, imageNote(src, s.image()), s.output(), s.correct(), score(s));
          }));
    });
    return new ReportView.Gallery(orMissing(missing, grids, ReportConventions.GENEVAL), grids);
  }

  static ReportView.Gallery captions(List<Sample> samples, List<Column> columns, Map<String, Column> checkpointOf,
      List<String> missing) {
    List<Sample> captions = of(samples, ReportConventions.CAPTION);
    List<ReportView.Grid> grids = captions.isEmpty() ? List.of()
        : List.of(grid("captions", "the held-out image and its reference caption, then each checkpoint's caption",
            captions, columns, checkpointOf,
            first -> row(first, first.reference(), first.image()),
            s -> tile(s, null, "", s.output(), null, score(s))));
    return new ReportView.Gallery(orMissing(missing, grids, ReportConventions.CAPTION), grids);
  }

  static ReportView.Gallery matches(List<Sample> samples, List<Column> columns, Map<String, Column> checkpointOf,
      List<String> missing) {
    List<Sample> matches = of(samples, ReportConventions.T2I_MATCH);
    List<ReportView.Grid> grids = matches.isEmpty() ? List.of()
        : List.of(grid("text-to-image match", "the held-out caption and its own image, then each checkpoint's"
            + " generation for the caption, marked right when its own image is the nearest of the candidates",
            matches, columns, checkpointOf,
            first -> row(first, first.input(), DataUris.base64Bytes(Formats.detail(first.detail())
                .path(ReportConventions.DETAIL_TRUTH_PNG).asText(null))),
            s -> {
              String src = DataUris.image(s.image());
              JsonNode detail = Formats.detail(s.detail());
              String rank = !detail.path("rank").isNumber() ? "" : "rank " + detail.get("rank").asInt()
                  + (detail.path("candidates").isNumber() ? " of " + detail.get("candidates").asInt() : "");
              return tile(s, src, imageNote(src, s.image()), s.output(), s.correct(), rank);
            }));
    return new ReportView.Gallery(orMissing(missing, grids, ReportConventions.T2I_MATCH), grids);
  }

  static ReportView.Gallery tokenizer(List<Sample> samples, List<Column> columns, Map<String, Column> checkpointOf,
      List<String> missing) {
    List<Sample> pairs = of(samples, ReportConventions.TOKENIZER);
    List<ReportView.Grid> grids = pairs.isEmpty() ? List.of()
        : List.of(grid("reconstructions", "the original image, then each checkpoint tokenizer's reconstruction",
            pairs, columns, checkpointOf,
            first -> row(first, first.input(), first.image()),
            GallerySection::reconstruction));
    return new ReportView.Gallery(orMissing(missing, grids, ReportConventions.TOKENIZER), grids);
  }

  /** A grid of {@code samples}: rows by sample id, one cell per column (empty where a checkpoint lacks it). */
  private static ReportView.Grid grid(String heading, String note, List<Sample> samples, List<Column> columns,
      Map<String, Column> checkpointOf, Function<Sample, ReportView.GridRow> rowOf,
      Function<Sample, ReportView.Tile> tileOf) {
    Map<String, Map<Column, Sample>> bySample = new TreeMap<>();
    for (Sample s : samples) {
      Column c = checkpointOf.get(s.evalRun());
      if (c != null) {
        // one eval run per checkpoint and benchmark: the builder passes only the shown runs' samples
        bySample.computeIfAbsent(s.sampleId(), k -> new LinkedHashMap<>()).put(c, s);
      }
    }
    // only the checkpoints that have samples here: a base LLM has no GenEval column
    List<Column> shown = columns.stream().filter(c -> bySample.values().stream().anyMatch(m -> m.containsKey(c)))
        .toList();
    List<ReportView.GridRow> rows = new ArrayList<>();
    bySample.forEach((id, cells) -> {
      List<ReportView.Tile> tiles = new ArrayList<>();
      for (Column c : shown) {
        Sample s = cells.get(c);
        tiles.add(s == null ? new ReportView.Tile(false, null, null, "", "", false, false, "") : tileOf.apply(s));
      }
      ReportView.GridRow shared = rowOf.apply(cells.values().iterator().next());
      rows.add(new ReportView.GridRow(id, shared.text(), shared.rowSrc(), shared.rowAlt(), shared.rowNote(), tiles));
    });
    return new ReportView.Grid(heading, note, shown.stream().map(Column::label).toList(), rows);
  }

  private static ReportView.GridRow row(Sample s, String text, byte[] image) {
    String src = DataUris.image(image);
    return new ReportView.GridRow(s.sampleId(), nullToEmpty(text), src, s.benchmark() + " sample " + s.sampleId(),
        image == null ? "" : imageNote(src, image), List.of());
  }

  private static ReportView.Tile reconstruction(Sample s) {
    JsonNode detail = Formats.detail(s.detail());
    String src = DataUris.imageFromBase64(detail.path(ReportConventions.DETAIL_RECONSTRUCTION_PNG).asText(null));
    List<String> scores = new ArrayList<>();
    if (detail.path(ReportConventions.DETAIL_PSNR).isNumber()) {
      scores.add("PSNR " + Formats.number(detail.get(ReportConventions.DETAIL_PSNR).asDouble()) + " dB");
    }
    if (detail.path(ReportConventions.DETAIL_SSIM).isNumber()) {
      scores.add("SSIM " + Formats.number(detail.get(ReportConventions.DETAIL_SSIM).asDouble()));
    }
    if (scores.isEmpty() && s.score() != null) {
      scores.add(score(s));
    }
    String note = src != null ? "" : "no readable " + ReportConventions.DETAIL_RECONSTRUCTION_PNG + " in detail";
    return new ReportView.Tile(true, src, "reconstruction of " + s.sampleId() + " (eval run " + s.evalRun() + ")",
        note, "", false, false, String.join(" · ", scores));
  }

  private static ReportView.Tile tile(Sample s, String src, String note, String output, Boolean correct,
      String score) {
    String alt = s.benchmark() + " sample " + s.sampleId() + " of eval run " + s.evalRun() + ": " + nullToEmpty(
        s.input());
    return new ReportView.Tile(true, src, alt, note, nullToEmpty(output), correct != null,
        Boolean.TRUE.equals(correct), score);
  }

  private static String imageNote(String src, byte[] image) {
    if (src != null) {
      return "";
    }
    return image == null ? "no image" : "image not readable (" + image.length + " bytes)";
  }

  private static String score(Sample s) {
    return s.score() == null ? "" : "score " + Formats.number(s.score());
  }

  private static List<Sample> of(List<Sample> samples, String benchmark) {
    return samples.stream().filter(s -> s.benchmark().equals(benchmark)).toList();
  }

  private static List<String> orMissing(List<String> missing, List<ReportView.Grid> grids, String benchmark) {
    if (!missing.isEmpty() || !grids.isEmpty()) {
      return missing;
    }
    return List.of("No eval_samples rows with benchmark '" + benchmark + "' for the chosen checkpoints.");
  }

  private static int categoryRank(String category) {
    int i = CATEGORY_ORDER.indexOf(category);
    return i < 0 ? CATEGORY_ORDER.size() : i;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
