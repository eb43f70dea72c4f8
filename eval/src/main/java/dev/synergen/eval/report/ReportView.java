package dev.synergen.eval.report;

import java.util.List;

/**
 * What the template renders: plain strings and lists, already formatted. Every string here is
 * data and the template prints it escaped ({@code {{x}}}); image sources are data URIs.
 */
public final class ReportView {
  private ReportView() {}

  /** The whole page. */
  public record Page(String title, String generatedAt, String lakehouse, String request, List<TableRead> tables,
      Summary summary, Charts charts, Training training, Gallery geneval, Gallery matches, Gallery captions,
      Gallery tokenizer,
      EvalRuns evalRuns) {}

  /** A table the report read: its name and version, or that it is missing. */
  public record TableRead(String name, String version, boolean missing) {}

  /** A rendered chart. */
  public record Chart(String title, String src, String alt, int width, int height) {}

  /** Summary: one table per suite, metrics as rows, checkpoints as columns. */
  public record Summary(List<String> missing, List<Column> columns, List<SuiteTable> suites) {}

  public record Column(String label, String path, String sha256) {}

  public record SuiteTable(String suite, String anchor, List<MetricRow> rows) {}

  public record MetricRow(String metric, List<Cell> cells) {}

  /** One number with its CI, n, chance level and where it came from; {@code present} false for an empty cell. */
  public record Cell(boolean present, String value, String ci, String n, String chance, Provenance provenance) {}

  /** The Delta versions and settings a number came from. */
  public record Provenance(String evalRun, String checkpoint, String sha256, String versions, String settings,
      String at) {}

  /** Bar charts with CI error bars, per suite. */
  public record Charts(List<String> missing, List<SuiteCharts> suites) {}

  public record SuiteCharts(String suite, List<Chart> charts) {}

  /** Training curves per run. */
  public record Training(List<String> missing, List<RunCurves> runs) {}

  public record RunCurves(String runId, String stages, String workers, String steps, String source,
      List<Chart> charts, List<String> notes, List<Saved> checkpoints) {}

  public record Saved(String stage, String round, String step, String path, String sha256, String versions) {}

  /** Image grids of one benchmark: one grid per group (a GenEval category), checkpoints side by side. */
  public record Gallery(List<String> missing, List<Grid> grids) {}

  /** Samples as rows (by sample id), checkpoints as columns. */
  public record Grid(String heading, String note, List<String> columns, List<GridRow> rows) {}

  /**
   * One sample id: what the checkpoints share (the prompt or reference {@code text}, the held-out
   * image when there is one) and each checkpoint's {@code cells}, in column order. Field names differ
   * from {@link Tile}'s so that a tile without an image never shows the row's (Mustache looks names
   * up in enclosing scopes).
   */
  public record GridRow(String sampleId, String text, String rowSrc, String rowAlt, String rowNote,
      List<Tile> cells) {}

  /** One checkpoint's output for a sample: an image and/or text, a pass/fail mark when {@code marked}. */
  public record Tile(boolean present, String src, String alt, String imageNote, String output, boolean marked,
      boolean pass, String score) {}

  /** Evaluation runs and their per-suite sources and settings. */
  public record EvalRuns(List<String> missing, List<EvalRun> runs) {}

  public record EvalRun(String evalRun, String checkpoint, String sha256, List<SuiteSource> suites) {}

  /** {@code supersededBy}: the later eval run of this suite whose figures the report shows instead, or null. */
  public record SuiteSource(String suite, String metrics, String versions, String settings, String supersededBy) {}
}
