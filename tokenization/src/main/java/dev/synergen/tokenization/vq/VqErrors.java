package dev.synergen.tokenization.vq;

import dev.synergen.core.PipelineException;

/** The one place that names the VQ tokenizer's user-facing errors; tests assert these classes. */
public final class VqErrors {
  public static final String CONFIG_INVALID = "VQ_CONFIG_INVALID";
  public static final String IMAGE_INVALID = "VQ_IMAGE_INVALID";
  public static final String CODES_INVALID = "VQ_CODES_INVALID";
  public static final String CENTROIDS_INVALID = "VQ_CENTROIDS_INVALID";
  public static final String CHECKPOINT_INVALID = "VQ_CHECKPOINT_INVALID";
  public static final String TRAINING_DIVERGED = "VQ_TRAINING_DIVERGED";

  private VqErrors() {}

  static PipelineException config(String message) {
    return new PipelineException(CONFIG_INVALID, message);
  }

  static PipelineException image(String message) {
    return new PipelineException(IMAGE_INVALID, message);
  }

  static PipelineException codes(String message) {
    return new PipelineException(CODES_INVALID, message);
  }

  static PipelineException centroids(String message) {
    return new PipelineException(CENTROIDS_INVALID, message);
  }

  static PipelineException checkpoint(String message) {
    return new PipelineException(CHECKPOINT_INVALID, message);
  }

  static PipelineException diverged(String message) {
    return new PipelineException(TRAINING_DIVERGED, message);
  }
}
