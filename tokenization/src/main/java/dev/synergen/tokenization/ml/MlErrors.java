package dev.synergen.tokenization.ml;

import dev.synergen.core.PipelineException;

/** Error classes of the tokenizer transformers; per-row reason codes double as {@code rejects} reasons. */
public final class MlErrors {
  public static final String SCHEMA_INVALID = "ML_SCHEMA_INVALID";
  public static final String PARAM_INVALID = "ML_PARAM_INVALID";
  public static final String MODEL_MISMATCH = "ML_MODEL_MISMATCH";
  public static final String DEVICE_UNAVAILABLE = "ML_DEVICE_UNAVAILABLE";
  /** Row-level: the image bytes are not a readable image. */
  public static final String IMAGE_UNDECODABLE = "IMAGE_UNDECODABLE";
  /** Row-level: the image column is null or empty. */
  public static final String IMAGE_MISSING = "IMAGE_MISSING";

  private MlErrors() {}

  static PipelineException schema(String message) {
    return new PipelineException(SCHEMA_INVALID, message);
  }

  static PipelineException param(String message) {
    return new PipelineException(PARAM_INVALID, message);
  }
}
