package dev.synergen.jobs;

import dev.synergen.core.ErrorCatalog;
import dev.synergen.core.ErrorClass;
import dev.synergen.core.PipelineException;
import java.util.List;

/** The jobs module's error factory: every PipelineException it throws has one of these classes. */
public final class JobErrors {
  private static final ErrorCatalog CATALOG = new ErrorCatalog("jobs");

  public static final ErrorClass ARTIFACT_PATH_REQUIRED = CATALOG.define("ARTIFACT_PATH_REQUIRED",
      "A command needs an artifact path that neither a flag nor the settings give.");

  private JobErrors() {}

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
