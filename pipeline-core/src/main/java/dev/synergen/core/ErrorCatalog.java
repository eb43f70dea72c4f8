package dev.synergen.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The error classes of one module and the only way to make a {@link PipelineException}: each
 * module's {@code *Errors} factory holds one catalog, so every code is declared once, with its meaning.
 */
public final class ErrorCatalog {
  private final String module;
  private final Map<String, ErrorClass> classes = new LinkedHashMap<>();

  public ErrorCatalog(String module) {
    this.module = module;
  }

  /** Declares a class of this module; a code declared twice is a programming error. */
  public synchronized ErrorClass define(String code, String meaning) {
    ErrorClass c = new ErrorClass(code, meaning, module);
    if (classes.putIfAbsent(code, c) != null) {
      throw new IllegalStateException("error code " + code + " is declared twice in module " + module);
    }
    return c;
  }

  public synchronized List<ErrorClass> classes() {
    return Collections.unmodifiableList(new ArrayList<>(classes.values()));
  }

  /** The exception of one of this catalog's classes; {@code cause} may be null. */
  public PipelineException error(ErrorClass errorClass, String message, Throwable cause) {
    if (classes.get(errorClass.code()) != errorClass) {
      throw new IllegalArgumentException("error class " + errorClass.code() + " belongs to module "
          + errorClass.module() + ", not " + module + "; throw it through that module's factory");
    }
    return new PipelineException(errorClass, message, cause);
  }
}
