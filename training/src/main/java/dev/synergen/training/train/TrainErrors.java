package dev.synergen.training.train;

/** Stable error classes of the training job; tests and callers match them exactly. */
public final class TrainErrors {
  /** A training setting is out of range or inconsistent with another. */
  public static final String CONFIG_INVALID = "TRAIN_CONFIG_INVALID";
  /** The filtered {@code sequences} table holds no row to train on. */
  public static final String NO_SEQUENCES = "TRAIN_NO_SEQUENCES";
  /** The output directory holds a run whose settings differ from the ones given. */
  public static final String RESUME_MISMATCH = "TRAIN_RESUME_MISMATCH";
  /** A saved training state is unreadable or inconsistent. */
  public static final String STATE_INVALID = "TRAIN_STATE_INVALID";
  /** The requested device does not exist here. */
  public static final String DEVICE_UNAVAILABLE = "TRAIN_DEVICE_UNAVAILABLE";
  /** The model preset cannot be trained on this device. */
  public static final String MODEL_TOO_LARGE = "TRAIN_MODEL_TOO_LARGE";

  private TrainErrors() {}
}
