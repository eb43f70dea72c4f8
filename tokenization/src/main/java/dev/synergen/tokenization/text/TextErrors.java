package dev.synergen.tokenization.text;

import dev.synergen.core.PipelineException;

/** The one place that names the text tokenizer's user-facing errors; tests assert these classes. */
public final class TextErrors {
  public static final String ENCODING_UNKNOWN = "TEXT_ENCODING_UNKNOWN";
  public static final String REMAP_INVALID = "TEXT_REMAP_INVALID";
  public static final String ID_OUT_OF_RANGE = "TEXT_ID_OUT_OF_RANGE";

  private TextErrors() {}

  static PipelineException encoding(String message) {
    return new PipelineException(ENCODING_UNKNOWN, message);
  }

  static PipelineException remap(String message) {
    return new PipelineException(REMAP_INVALID, message);
  }

  static PipelineException id(String message) {
    return new PipelineException(ID_OUT_OF_RANGE, message);
  }
}
