package dev.synergen.tokenization;

import dev.synergen.core.ErrorCatalog;
import dev.synergen.core.ErrorClass;
import dev.synergen.core.PipelineException;
import java.util.List;

/** The tokenization module's error factory: every PipelineException it throws has one of these classes. */
public final class TokenizationErrors {
  private static final ErrorCatalog CATALOG = new ErrorCatalog("tokenization");

  public static final ErrorClass IMAGE_MISSING = CATALOG.define("IMAGE_MISSING",
      "Row-level: the image column is null or empty.");
  public static final ErrorClass IMAGE_UNDECODABLE = CATALOG.define("IMAGE_UNDECODABLE",
      "Row-level: the image bytes are not a readable image.");
  public static final ErrorClass INGEST_COCO_IMAGES_REQUIRED = CATALOG.define("INGEST_COCO_IMAGES_REQUIRED",
      "A COCO captions file was given without its image directory.");
  public static final ErrorClass INGEST_FORMAT_AMBIGUOUS = CATALOG.define("INGEST_FORMAT_AMBIGUOUS",
      "The input directory mixes corpus formats; name the format explicitly.");
  public static final ErrorClass INGEST_INPUT_MISSING = CATALOG.define("INGEST_INPUT_MISSING",
      "The ingest input path does not exist.");
  public static final ErrorClass INGEST_INPUT_NOT_LOCAL = CATALOG.define("INGEST_INPUT_NOT_LOCAL",
      "An input format that needs a local path was given a remote URI.");
  public static final ErrorClass INGEST_NO_INPUT_FILES = CATALOG.define("INGEST_NO_INPUT_FILES",
      "The ingest input holds no file of the corpus format.");
  public static final ErrorClass INGEST_PARQUET_COLUMN_MISSING = CATALOG.define("INGEST_PARQUET_COLUMN_MISSING",
      "A parquet input lacks the image or caption column.");
  public static final ErrorClass CORPUS_CHECKSUM_MISMATCH = CATALOG.define("CORPUS_CHECKSUM_MISMATCH",
      "A fetched corpus package does not have the SHA-256 the project pins.");
  public static final ErrorClass CORPUS_FETCH_FAILED = CATALOG.define("CORPUS_FETCH_FAILED",
      "A corpus package could not be downloaded or unpacked (registry unreachable, version gone, bad archive).");
  public static final ErrorClass CORPUS_TOOL_MISSING = CATALOG.define("CORPUS_TOOL_MISSING",
      "A tool the corpus fetch runs (apt-get, dpkg-deb) is not installed.");
  public static final ErrorClass DEVICE_UNAVAILABLE = CATALOG.define("DEVICE_UNAVAILABLE",
      "The requested device (GPU) is not available to the task.");
  public static final ErrorClass ML_PARAM_INVALID = CATALOG.define("ML_PARAM_INVALID",
      "A Spark ML transformer or job parameter is out of range.");
  public static final ErrorClass ML_SCHEMA_INVALID = CATALOG.define("ML_SCHEMA_INVALID",
      "The input DataFrame lacks a column or has the wrong column type.");
  public static final ErrorClass OPTIMIZER_CONFIG_INVALID = CATALOG.define("OPTIMIZER_CONFIG_INVALID",
      "AdamW hyper-parameters are out of range.");
  public static final ErrorClass PACK_CONFIG_INVALID = CATALOG.define("PACK_CONFIG_INVALID",
      "A pack setting is out of range.");
  public static final ErrorClass SHAPES_SCENE_JSON_INVALID = CATALOG.define("SHAPES_SCENE_JSON_INVALID",
      "A shapes-world scene JSON is malformed.");
  public static final ErrorClass TEXT_ENCODING_UNKNOWN = CATALOG.define("TEXT_ENCODING_UNKNOWN",
      "The BPE encoding name is not one jtokkit bundles.");
  public static final ErrorClass TEXT_ID_OUT_OF_RANGE = CATALOG.define("TEXT_ID_OUT_OF_RANGE",
      "A text id is outside the compact vocabulary.");
  public static final ErrorClass TEXT_REMAP_INVALID = CATALOG.define("TEXT_REMAP_INVALID",
      "A text vocabulary remap file is malformed.");
  public static final ErrorClass TEXT_TOKENIZER_INVALID = CATALOG.define("TEXT_TOKENIZER_INVALID",
      "A language model's tokenizer (tokenizer.json and its config.json) is malformed or cannot be read.");
  public static final ErrorClass TOKEN_OUT_OF_RANGE = CATALOG.define("TOKEN_OUT_OF_RANGE",
      "An id or code is outside its block of the unified vocabulary.");
  public static final ErrorClass VQ_CENTROIDS_INVALID = CATALOG.define("VQ_CENTROIDS_INVALID",
      "Codebook centroids given to the VQ tokenizer have the wrong shape or values.");
  public static final ErrorClass VQ_CHECKPOINT_INVALID = CATALOG.define("VQ_CHECKPOINT_INVALID",
      "A VQ tokenizer checkpoint is damaged or belongs to another config.");
  public static final ErrorClass VQ_CODES_INVALID = CATALOG.define("VQ_CODES_INVALID",
      "Codes given to the VQ decoder have the wrong shape or range.");
  public static final ErrorClass VQ_CONFIG_INVALID = CATALOG.define("VQ_CONFIG_INVALID",
      "A VQ tokenizer setting is out of range.");
  public static final ErrorClass VQ_IMAGE_INVALID = CATALOG.define("VQ_IMAGE_INVALID",
      "An image given to the VQ encoder has the wrong size.");
  public static final ErrorClass VQ_TRAINING_DIVERGED = CATALOG.define("VQ_TRAINING_DIVERGED",
      "VQ tokenizer training produced a non-finite loss.");

  private TokenizationErrors() {}

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
