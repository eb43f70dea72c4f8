package dev.synergen.training.generate;

/** Stable error classes of {@link SynerGenPipeline}; the CLI prints them, tests match them exactly. */
public final class InferenceErrors {
  /** The checkpoint directory does not exist. */
  public static final String CHECKPOINT_NOT_FOUND = "CHECKPOINT_NOT_FOUND";
  /** The checkpoint records no tokenizer and none was given. */
  public static final String TOKENIZER_UNKNOWN = "TOKENIZER_UNKNOWN";
  /** An input image is missing, unreadable, not an image, or refused by the decoder. */
  public static final String IMAGE_UNREADABLE = "IMAGE_UNREADABLE";

  private InferenceErrors() {}
}
