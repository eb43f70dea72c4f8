package dev.synergen.jobs;

import static org.apache.spark.sql.functions.col;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The figures the demo's last lines show: one metric per suite of one evaluation, with its interval and chance. */
final class DemoHeadlines {
  /** A metric of {@code eval_results} and how a reader names it. */
  private record Headline(String benchmark, String metric, String name) {}

  /** In the order the demo prints them. */
  private static final List<Headline> HEADLINES = List.of(
      new Headline("tokenizer", "psnr_db", "tokenizer PSNR (dB)"),
      new Headline("caption", "cider_d", "caption CIDEr-D"),
      // a high CIDEr-D can come from one caption that fits the corpus, written for every image
      new Headline("caption", "cider_d_image_gain", "CIDEr-D gain from image"),
      new Headline("mcq", "circular_accuracy", "MCQ circular accuracy"),
      // beside circular: a model that picks the same option under every rotation beats circular chance blind
      new Headline("mcq", "plain_accuracy", "MCQ plain accuracy"),
      new Headline("pope", "f1", "POPE F1"),
      new Headline("geneval", "overall", "GenEval overall"),
      new Headline("t2i_match", "accuracy", "text-to-image match"),
      new Headline("text", "perplexity", "held-out text perplexity"));

  private DemoHeadlines() {}

  /**
   * One line per headline metric {@code evalRun} wrote; a suite that was skipped says so, and one
   * not among {@code ran} (geneval on a real corpus, t2i_match on the shapes world) is left out.
   */
  static List<String> of(SparkSession spark, Lakehouse lakehouse, String evalRun, List<String> ran) {
    Map<String, Row> rows = new HashMap<>();
    for (Row r : DeltaTables.read(spark, lakehouse, PipelineTables.EVAL_RESULTS)
        .where(col("eval_run").equalTo(evalRun))
        .select("benchmark", "metric", "value", "n", "ci_low", "ci_high", "chance").collectAsList()) {
      rows.put(r.getString(0) + "/" + r.getString(1), r);
    }
    List<String> out = new ArrayList<>();
    for (Headline h : HEADLINES) {
      Row r = rows.get(h.benchmark() + "/" + h.metric());
      if (r == null && !ran.contains(h.benchmark())) {
        continue;
      }
      out.add(r == null ? String.format(Locale.ROOT, "%-26s %s", h.name(),
          "not measured (suite skipped; the eval step says why)") : line(h.name(), r));
    }
    return out;
  }

  private static String line(String name, Row r) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-26s %10s", name, number(r.getDouble(2))));
    if (!r.isNullAt(4) && !r.isNullAt(5) && !Double.isNaN(r.getDouble(4))) {
      s.append(String.format(Locale.ROOT, "  [%s, %s]", number(r.getDouble(4)), number(r.getDouble(5))));
    }
    s.append(String.format(Locale.ROOT, "  n=%d", r.getLong(3)));
    if (!r.isNullAt(6) && !Double.isNaN(r.getDouble(6))) {
      s.append("  chance ").append(number(r.getDouble(6)));
    }
    return s.toString();
  }

  private static String number(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
  }
}
