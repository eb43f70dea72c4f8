package dev.synergen.training.model;

/** Stable error classes of the model package; tests and callers match them exactly. */
public final class ModelErrors {
  /** A model configuration value is out of range or inconsistent. */
  public static final String CONFIG_INVALID = "MODEL_CONFIG_INVALID";
  /** A sequence id is outside the unified vocabulary or of the wrong kind at its position. */
  public static final String TOKEN_OUT_OF_RANGE = "SEQUENCE_TOKEN_OUT_OF_RANGE";
  /** An image span does not hold exactly grid_h x grid_w codes between IMG_START and IMG_END. */
  public static final String IMAGE_INCOMPLETE = "SEQUENCE_IMAGE_INCOMPLETE";
  /** A sequence row is malformed (empty, too long, mask of the wrong length, loss at position 0). */
  public static final String SEQUENCE_INVALID = "SEQUENCE_INVALID";
  /** The vocabulary layout of the data does not match the model's. */
  public static final String VOCABULARY_MISMATCH = "MODEL_VOCABULARY_MISMATCH";
  /** A parameter tensor does not match the model (name, shape or dtype). */
  public static final String WEIGHTS_MISMATCH = "MODEL_WEIGHTS_MISMATCH";
  /** A generation or scoring request is malformed. */
  public static final String REQUEST_INVALID = "MODEL_REQUEST_INVALID";

  private ModelErrors() {}
}
