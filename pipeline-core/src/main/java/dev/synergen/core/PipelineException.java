package dev.synergen.core;

/**
 * A user-facing failure with a stable error class that callers and tests can match exactly. Only
 * an {@link ErrorCatalog} (through a module's {@code *Errors} factory) creates one.
 */
public class PipelineException extends RuntimeException {
  private final ErrorClass errorClass;

  PipelineException(ErrorClass errorClass, String message, Throwable cause) {
    super("[" + errorClass.code() + "] " + message, cause);
    this.errorClass = errorClass;
  }

  /** Stable identifier such as {@code CONFIG_UNKNOWN_KEY}; part of the public contract. */
  public String errorClass() {
    return errorClass.code();
  }

  /** The declared class: code, meaning and owning module. */
  public ErrorClass declared() {
    return errorClass;
  }
}
