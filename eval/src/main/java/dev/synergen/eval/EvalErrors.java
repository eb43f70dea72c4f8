package dev.synergen.eval;

import dev.synergen.core.ErrorCatalog;
import dev.synergen.core.ErrorClass;
import dev.synergen.core.PipelineException;
import java.util.List;

/** The eval module's error factory: every PipelineException it throws has one of these classes. */
public final class EvalErrors {
  private static final ErrorCatalog CATALOG = new ErrorCatalog("eval");

  public static final ErrorClass EVAL_METRIC_INPUT_INVALID = CATALOG.define("EVAL_METRIC_INPUT_INVALID",
      "A metric's input is malformed: empty, of mismatched lengths, out of range or not finite.");
  public static final ErrorClass EVAL_PROBE_INVALID = CATALOG.define("EVAL_PROBE_INVALID",
      "A benchmark item or its construction parameters are malformed or cannot be realised in the world.");
  public static final ErrorClass EVAL_CONFIG_INVALID = CATALOG.define("EVAL_CONFIG_INVALID",
      "An evaluation setting is out of range, or a suite name is unknown.");
  public static final ErrorClass EVAL_INPUT_MISSING = CATALOG.define("EVAL_INPUT_MISSING",
      "The held-out data a suite needs is not in the lakehouse (or holds no row of the checkpoint's tokenizers).");
  public static final ErrorClass EVAL_DETECTOR_UNRELIABLE = CATALOG.define("EVAL_DETECTOR_UNRELIABLE",
      "The shapes detector is below the accuracy a generation benchmark needs on ground-truth renders.");
  public static final ErrorClass REPORT_INVALID = CATALOG.define("REPORT_INVALID",
      "The report cannot be built: no evaluation or training rows match the request, or the output is unwritable.");
  public static final ErrorClass SQL_INVALID = CATALOG.define("SQL_INVALID",
      "A synergen sql query is malformed, names an unknown table or version, or asks for an unknown format.");

  private EvalErrors() {}

  /** Every error class of the module, in declaration order. */
  public static List<ErrorClass> all() {
    return CATALOG.classes();
  }

  public static PipelineException error(ErrorClass errorClass, String message) {
    return CATALOG.error(errorClass, message, null);
  }

  public static PipelineException error(ErrorClass errorClass, String message, Throwable cause) {
    return CATALOG.error(errorClass, message, cause);
  }
}
