package dev.synergen.eval.report;

import dev.synergen.core.Lakehouse;
import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.report.ReportInputs.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which checkpoints the report compares, and in which order: the request's order when it names
 * them, else the paper's order of stages (base/text, S1, S2, SFT, full) then step. A checkpoint is
 * identified by its sha256 (the same weights evaluated from two paths are one column).
 */
final class CheckpointColumns {
  private static final List<String> STAGE_ORDER = List.of("base", "text", "s1", "s2", "sft", "full");
  private static final int MIN_SHA_PREFIX = 8;

  /** A compared checkpoint: its sha256 key, a short label for headings and the path it was evaluated from. */
  record Column(String sha256, String label, String path, String runId, String stage, Long step) {}

  private CheckpointColumns() {}

  /** The results of the requested runs and checkpoints; a requested checkpoint that matches none is an error. */
  static List<Result> select(List<Result> all, ReportRequest request, Lakehouse lakehouse) {
    List<Result> out = new ArrayList<>();
    for (Result r : all) {
      boolean run = request.runs().isEmpty() || request.runs().contains(r.runId());
      boolean checkpoint = request.checkpoints().isEmpty()
          || request.checkpoints().stream().anyMatch(c -> matches(c, r));
      if (run && checkpoint) {
        out.add(r);
      }
    }
    for (String asked : request.checkpoints()) {
      if (all.stream().noneMatch(r -> matches(asked, r))) {
        TreeSet<String> known = new TreeSet<>();
        all.forEach(r -> known.add(r.checkpoint() + " (" + shortSha(r.sha256()) + ")"));
        throw EvalErrors.error(EvalErrors.REPORT_INVALID, "no eval_results rows of checkpoint '" + asked + "' under "
            + lakehouse.root() + " (give a checkpoint path or a sha256 prefix of at least " + MIN_SHA_PREFIX
            + " hex digits); evaluated checkpoints: " + known);
      }
    }
    return out;
  }

  /** The distinct checkpoints of {@code results}, ordered as described above. */
  static List<Column> of(List<Result> results, ReportRequest request) {
    Map<String, Column> bySha = new LinkedHashMap<>();
    for (Result r : results) {
      bySha.putIfAbsent(r.sha256(), new Column(r.sha256(), label(r), r.checkpoint(), r.runId(), r.stage(), r.step()));
    }
    List<Column> columns = new ArrayList<>(bySha.values());
    Comparator<Column> paper = Comparator.comparingInt((Column c) -> stageRank(c.stage()))
        .thenComparing(c -> c.step() == null ? Long.MAX_VALUE : c.step())
        .thenComparing(Column::path);
    if (request.checkpoints().isEmpty()) {
      columns.sort(paper);
    } else {
      columns.sort(Comparator.comparingInt((Column c) -> requestIndex(request, c)).thenComparing(paper));
    }
    return columns;
  }

  static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
  }

  private static String label(Result r) {
    StringBuilder b = new StringBuilder(r.stage() == null ? "checkpoint" : r.stage().toUpperCase(Locale.ROOT));
    if (r.step() != null) {
      b.append(" step ").append(r.step());
    }
    if (r.runId() != null) {
      b.append(" · ").append(r.runId());
    }
    return b.append(" · ").append(shortSha(r.sha256())).toString();
  }

  private static boolean matches(String asked, Result r) {
    if (asked.equals(r.checkpoint())) {
      return true;
    }
    String hex = asked.toLowerCase(Locale.ROOT);
    return hex.length() >= MIN_SHA_PREFIX && hex.matches("[0-9a-f]+") && r.sha256() != null
        && r.sha256().toLowerCase(Locale.ROOT).startsWith(hex);
  }

  private static int requestIndex(ReportRequest request, Column c) {
    for (int i = 0; i < request.checkpoints().size(); i++) {
      String asked = request.checkpoints().get(i);
      if (asked.equals(c.path()) || (asked.length() >= MIN_SHA_PREFIX
          && c.sha256().toLowerCase(Locale.ROOT).startsWith(asked.toLowerCase(Locale.ROOT)))) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static int stageRank(String stage) {
    int i = STAGE_ORDER.indexOf(Objects.toString(stage, "").toLowerCase(Locale.ROOT));
    return i < 0 ? STAGE_ORDER.size() : i;
  }
}
