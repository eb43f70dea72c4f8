package dev.synergen.training.weights;

/** Stable error classes of checkpoint and import handling. */
public final class WeightsErrors {
  /** A checkpoint directory lacks a file or holds tensors that do not fit its config. */
  public static final String CHECKPOINT_INVALID = "CHECKPOINT_INVALID";
  /** An imported LLM checkpoint cannot be mapped onto the model's text path. */
  public static final String IMPORT_INVALID = "IMPORT_INVALID";

  private WeightsErrors() {}
}
