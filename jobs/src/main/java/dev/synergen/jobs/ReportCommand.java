package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.eval.report.ReportBuilder;
import dev.synergen.eval.report.ReportRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the evaluation report: one self-contained HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML report (styles, charts and images inline) from eval_results, "
        + "eval_samples, training_metrics and checkpoints: summary tables with confidence intervals, checkpoints side "
        + "by side, bar charts per suite, training curves, GenEval / caption / tokenizer image grids, and the Delta "
        + "versions and settings behind every number.")
final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--runs", paramLabel = "RUN_ID[,RUN_ID...]", split = ",",
      description = "Training runs to show (run_id of training_metrics / checkpoints / eval_results; default: all).")
  List<String> runs = new ArrayList<>();

  @Option(names = "--checkpoints", paramLabel = "PATH|SHA256[,...]", split = ",",
      description = "Checkpoints to compare, in this column order: a checkpoint path as eval_results records it or a "
          + "sha256 prefix of at least 8 hex digits (default: every evaluated checkpoint, in stage order).")
  List<String> checkpoints = new ArrayList<>();

  @Option(names = "--samples", paramLabel = "N", defaultValue = "" + ReportRequest.DEFAULT_SAMPLES,
      description = "Samples per image grid group (checkpoint x GenEval category, captions, tokenizer); "
          + "default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--title", paramLabel = "TEXT", description = "Title of the report (default: \""
      + ReportRequest.DEFAULT_TITLE + "\").")
  String title;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the HTML file.")
  Path out;

  @Override
  public Integer call() {
    ReportRequest request = new ReportRequest(runs, checkpoints, samples, title); // checked before Spark starts
    Settings settings = common.settings(Map.of());
    var lakehouse = CommonOptions.lakehouse(settings);
    var spark = CommonOptions.spark(settings, "report");
    settings.requireAllConsumedExcept(SparkJobCommand.otherSections(Set.of()));
    try (JobContext ctx = JobContext.start(lakehouse, spark, System.out)) {
      ReportBuilder.Summary s = ReportBuilder.write(ctx.spark(), ctx.lakehouse(), request, out);
      System.out.printf(Locale.ROOT, "report          %s (%,d bytes)%n", s.out(), s.bytes());
      System.out.printf(Locale.ROOT, "  checkpoints   %d compared%n", s.checkpoints());
      System.out.printf(Locale.ROOT, "  charts        %d%n", s.charts());
      System.out.printf(Locale.ROOT, "  images        %d%n", s.images());
      System.out.printf(Locale.ROOT, "  missing       %s%n", s.missing().isEmpty() ? "nothing" : String.join(", ",
          s.missing()));
    }
    return 0;
  }
}
