package dev.synergen.eval.report;

import java.util.List;

/**
 * The names the report reads from {@code eval_results} and {@code eval_samples}; suites write them
 * through these constants. The whole convention is explained in {@link ReportBuilder}.
 */
public final class ReportConventions {
  /** The benchmark (suite) names of DESIGN section 8, in the order the report shows them. */
  public static final String TOKENIZER = "tokenizer";
  public static final String CAPTION = "caption";
  public static final String MCQ = "mcq";
  public static final String POPE = "pope";
  public static final String GENEVAL = "geneval";
  public static final String T2I_MATCH = "t2i_match";
  public static final String EFFICIENCY = "efficiency";
  public static final String TEXT = "text";
  public static final List<String> SUITES = List.of(TOKENIZER, CAPTION, MCQ, POPE, GENEVAL, T2I_MATCH, EFFICIENCY,
      TEXT);

  /** eval_samples.detail key of a geneval sample: its GenEval task tag (GenEvalTask.tag(), e.g. "color_attr"). */
  public static final String DETAIL_CATEGORY = "category";
  /** eval_samples.detail key of a tokenizer sample: the reconstruction as a base64 (RFC 4648) PNG. */
  public static final String DETAIL_RECONSTRUCTION_PNG = "reconstruction_png";
  /** eval_samples.detail key of a t2i_match sample: the held-out pair's own image as a base64 PNG. */
  public static final String DETAIL_TRUTH_PNG = "truth_png";
  /** Optional eval_samples.detail keys of a tokenizer sample, shown under the pair. */
  public static final String DETAIL_PSNR = "psnr";
  public static final String DETAIL_SSIM = "ssim";

  private ReportConventions() {}

  /** Where a suite sorts in the report: the list above first, then other names alphabetically. */
  static int suiteRank(String benchmark) {
    int i = SUITES.indexOf(benchmark);
    return i < 0 ? SUITES.size() : i;
  }
}
