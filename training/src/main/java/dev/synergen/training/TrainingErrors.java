package dev.synergen.training;

import dev.synergen.core.ErrorCatalog;
import dev.synergen.core.ErrorClass;
import dev.synergen.core.PipelineException;
import java.util.List;

/** The training module's error factory: every PipelineException it throws has one of these classes. */
public final class TrainingErrors {
  private static final ErrorCatalog CATALOG = new ErrorCatalog("training");

  public static final ErrorClass CHECKPOINT_INVALID = CATALOG.define("CHECKPOINT_INVALID",
      "A checkpoint directory lacks a file or holds tensors that do not fit its config.");
  public static final ErrorClass CHECKPOINT_NOT_FOUND = CATALOG.define("CHECKPOINT_NOT_FOUND",
      "The checkpoint directory does not exist.");
  public static final ErrorClass IMAGE_UNREADABLE = CATALOG.define("IMAGE_UNREADABLE",
      "An input image is missing, unreadable, not an image, or refused by the decoder.");
  public static final ErrorClass IMPORT_INVALID = CATALOG.define("IMPORT_INVALID",
      "An imported LLM checkpoint cannot be mapped onto the model's text path.");
  public static final ErrorClass MODEL_CONFIG_INVALID = CATALOG.define("MODEL_CONFIG_INVALID",
      "A model configuration value is out of range or inconsistent.");
  public static final ErrorClass MODEL_REQUEST_INVALID = CATALOG.define("MODEL_REQUEST_INVALID",
      "A generation or scoring request is malformed.");
  public static final ErrorClass MODEL_VOCABULARY_MISMATCH = CATALOG.define("MODEL_VOCABULARY_MISMATCH",
      "The vocabulary layout of the data does not match the model's.");
  public static final ErrorClass MODEL_WEIGHTS_MISMATCH = CATALOG.define("MODEL_WEIGHTS_MISMATCH",
      "A parameter tensor does not match the model (name, shape or dtype).");
  public static final ErrorClass SCHEDULE_INVALID = CATALOG.define("SCHEDULE_INVALID",
      "A learning-rate schedule has inconsistent bounds.");
  public static final ErrorClass SEQUENCE_IMAGE_INCOMPLETE = CATALOG.define("SEQUENCE_IMAGE_INCOMPLETE",
      "An image span does not hold exactly grid_h x grid_w codes between IMG_START and IMG_END.");
  public static final ErrorClass SEQUENCE_INVALID = CATALOG.define("SEQUENCE_INVALID",
      "A sequence row is malformed (empty, too long, mask of the wrong length, loss at position 0).");
  public static final ErrorClass SEQUENCE_TOKEN_OUT_OF_RANGE = CATALOG.define("SEQUENCE_TOKEN_OUT_OF_RANGE",
      "A sequence id is outside the unified vocabulary or of the wrong kind at its position.");
  public static final ErrorClass TOKENIZER_DIR_INVALID = CATALOG.define("TOKENIZER_DIR_INVALID",
      "The directory is missing a file or holds a damaged tokenizer.");
  public static final ErrorClass TOKENIZER_MISMATCH = CATALOG.define("TOKENIZER_MISMATCH",
      "Tokenizers and model (or data) disagree on versions, vocabulary or image grid.");
  public static final ErrorClass TOKENIZER_UNKNOWN = CATALOG.define("TOKENIZER_UNKNOWN",
      "The checkpoint records no tokenizer and none was given.");
  public static final ErrorClass TRAINING_LOSS_NOT_FINITE = CATALOG.define("TRAINING_LOSS_NOT_FINITE",
      "Training produced a non-finite loss or gradient too many times in a row.");
  public static final ErrorClass TRAIN_CONFIG_INVALID = CATALOG.define("TRAIN_CONFIG_INVALID",
      "A training setting is out of range or inconsistent with another.");
  public static final ErrorClass TRAIN_EXCHANGE_INVALID = CATALOG.define("TRAIN_EXCHANGE_INVALID",
      "A file of the weight exchange is missing, cut or altered.");
  public static final ErrorClass TRAIN_WORKER_FAILED = CATALOG.define("TRAIN_WORKER_FAILED",
      "A training worker failed or timed out inside a round; the message names the worker, round and cause.");
  public static final ErrorClass TRAIN_CLUSTER_UNSUITABLE = CATALOG.define("TRAIN_CLUSTER_UNSUITABLE",
      "The cluster cannot run the barrier stage of the workers (dynamic allocation, too few task slots).");
  public static final ErrorClass TRAIN_MODEL_TOO_LARGE = CATALOG.define("TRAIN_MODEL_TOO_LARGE",
      "The model preset cannot be trained on this device.");
  public static final ErrorClass TRAIN_NO_SEQUENCES = CATALOG.define("TRAIN_NO_SEQUENCES",
      "The filtered sequences table holds no row to train on.");
  public static final ErrorClass TRAIN_RESUME_MISMATCH = CATALOG.define("TRAIN_RESUME_MISMATCH",
      "The output directory holds a run whose settings differ from the ones given.");
  public static final ErrorClass TRAIN_STATE_INVALID = CATALOG.define("TRAIN_STATE_INVALID",
      "A saved training state is unreadable or inconsistent.");

  private TrainingErrors() {}

  /** Every error class of the module, in declaration order. */
  public static List<ErrorClass> all() {
    return CATALOG.classes();
  }

  public static PipelineException error(ErrorClass errorClass, String message) {
    return CATALOG.error(errorClass, message, null);
  }

  public static PipelineException error(ErrorClass errorClass, String message, Throwable cause) {
    return CATALOG.error(errorClass, message, cause);
  }
}
