package dev.synergen.core;

import java.util.List;

/** The pipeline-core module's error factory: every PipelineException it throws has one of these classes. */
public final class CoreErrors {
  private static final ErrorCatalog CATALOG = new ErrorCatalog("pipeline-core");

  public static final ErrorClass ARTIFACT_INCOMPLETE = CATALOG.define("ARTIFACT_INCOMPLETE",
      "An artifact directory lacks its manifest or a file the manifest lists.");
  public static final ErrorClass ARTIFACT_TAMPERED = CATALOG.define("ARTIFACT_TAMPERED",
      "A file of an artifact directory does not match the sha256 its manifest records.");
  public static final ErrorClass CONFIG_BAD_FILE = CATALOG.define("CONFIG_BAD_FILE",
      "A --config file is missing, unreadable or not a JSON object / properties file.");
  public static final ErrorClass CONFIG_BAD_VALUE = CATALOG.define("CONFIG_BAD_VALUE",
      "A setting holds a value of the wrong type or outside its range.");
  public static final ErrorClass CONFIG_UNKNOWN_KEY = CATALOG.define("CONFIG_UNKNOWN_KEY",
      "A setting key that no job reads (a typo, or another job's key).");
  public static final ErrorClass DELTA_DUPLICATE_KEYS = CATALOG.define("DELTA_DUPLICATE_KEYS",
      "Rows written to a table repeat the table's key.");
  public static final ErrorClass DELTA_SCHEMA_MISMATCH = CATALOG.define("DELTA_SCHEMA_MISMATCH",
      "A table (or rows written to it) does not have the columns this version expects.");
  public static final ErrorClass DELTA_TABLE_MISSING = CATALOG.define("DELTA_TABLE_MISSING",
      "A table the job reads does not exist yet under the lakehouse.");
  public static final ErrorClass OUTPUT_IN_USE = CATALOG.define("OUTPUT_IN_USE",
      "Another run holds the lock of the output directory a job would write.");
  public static final ErrorClass SAFETENSORS_INVALID = CATALOG.define("SAFETENSORS_INVALID",
      "A safetensors file is malformed, truncated or holds an unsupported dtype.");

  private CoreErrors() {}

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
