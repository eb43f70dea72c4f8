package dev.synergen.core;

/** A user-facing failure with a stable error class that callers and tests can match exactly. */
public class PipelineException extends RuntimeException {
  private final String errorClass;

  public PipelineException(String errorClass, String message) {
    super("[" + errorClass + "] " + message);
    this.errorClass = errorClass;
  }

  public PipelineException(String errorClass, String message, Throwable cause) {
    super("[" + errorClass + "] " + message, cause);
    this.errorClass = errorClass;
  }

  /** Stable identifier such as {@code CONFIG_UNKNOWN_KEY}; part of the public contract. */
  public String errorClass() {
    return errorClass;
  }
}
