package dev.synergen.core.delta;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.List;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The tables of DESIGN section 4; their schemas are the lakehouse's format and change only deliberately. */
public final class PipelineTables {
  private PipelineTables() {}

  public static final TableSpec RAW_PAIRS = new TableSpec("raw_pairs", schema(
      field("pair_id", StringType, false),
      field("source", StringType, false),
      field("source_key", StringType, false),
      field("image", BinaryType, false),
      field("format", StringType, false),
      field("width", IntegerType, false),
      field("height", IntegerType, false),
      field("caption", StringType, false),
      field("meta", StringType, true),
      field("split", StringType, false),
      field("ingest_run", StringType, false),
      field("ingested_at", TimestampType, false)),
      List.of("pair_id"), List.of(),
      "accepted image-text pairs keyed by a content hash; image is normalised RGB PNG, format the original format");

  public static final TableSpec REJECTS = new TableSpec("rejects", schema(
      field("stage", StringType, false),
      field("source", StringType, false),
      field("source_key", StringType, false),
      field("reason_code", StringType, false),
      field("detail", StringType, true),
      field("run_id", StringType, false),
      field("at", TimestampType, false)),
      List.of("stage", "source", "source_key"), List.of("stage"),
      "inputs refused by any stage, one row per input and stage, with a stable reason code");

  public static final TableSpec TOKENIZED_PAIRS = new TableSpec("tokenized_pairs", schema(
      field("pair_id", StringType, false),
      field("image_tokenizer", StringType, false),
      field("text_tokenizer", StringType, false),
      field("grid_h", IntegerType, false),
      field("grid_w", IntegerType, false),
      field("image_codes", createArrayType(IntegerType, false), false),
      field("text_ids", createArrayType(IntegerType, false), false),
      field("split", StringType, false),
      field("tokenize_run", StringType, false)),
      List.of("pair_id", "image_tokenizer", "text_tokenizer"), List.of(),
      "pairs encoded by one image tokenizer and one text tokenizer version");

  public static final TableSpec SEQUENCES = new TableSpec("sequences", schema(
      field("seq_id", StringType, false),
      field("task", StringType, false),
      field("tokens", createArrayType(IntegerType, false), false),
      field("loss_mask", createArrayType(BooleanType, false), false),
      field("num_tokens", IntegerType, false),
      field("split", StringType, false),
      field("quality", DoubleType, false),
      field("image_tokenizer", StringType, false),
      field("text_tokenizer", StringType, false),
      field("pack_run", StringType, false)),
      List.of("seq_id"), List.of("split"),
      "packed training sequences in the unified vocabulary (tasks t2i, i2t, text)");

  public static final TableSpec TRAINING_METRICS = new TableSpec("training_metrics", schema(
      field("run_id", StringType, false),
      field("stage", StringType, false),
      field("round", IntegerType, false),
      field("worker", IntegerType, false),
      field("step", LongType, false),
      field("loss", DoubleType, false),
      field("text_loss", DoubleType, true),
      field("image_loss", DoubleType, true),
      field("lr", DoubleType, false),
      field("tokens", LongType, false),
      field("step_ms", DoubleType, false),
      field("at", TimestampType, false),
      field("grad_norm", DoubleType, true),
      field("skipped_steps", LongType, true),
      field("samples", LongType, true),
      field("exchange_ms", DoubleType, true),
      field("bytes_exchanged", LongType, true)),
      List.of("run_id", "stage", "round", "worker", "step"), List.of(),
      "one row per logged interval of a worker: mean losses, lr, largest gradient norm, skipped non-finite steps;"
          + " the round's exchange time and bytes on the row that ends the round");

  public static final TableSpec CHECKPOINTS = new TableSpec("checkpoints", schema(
      field("run_id", StringType, false),
      field("stage", StringType, false),
      field("round", IntegerType, false),
      field("step", LongType, false),
      field("path", StringType, false),
      field("sha256", StringType, false),
      field("source_versions", createMapType(StringType, LongType, false), false),
      field("config", StringType, false),
      field("at", TimestampType, false)),
      List.of("run_id", "stage", "round"), List.of(),
      "saved models with the Delta versions of the tables their training read");

  public static final TableSpec EVAL_RESULTS = new TableSpec("eval_results", schema(
      field("eval_run", StringType, false),
      field("checkpoint", StringType, false),
      field("checkpoint_sha256", StringType, false),
      field("run_id", StringType, true),
      field("stage", StringType, true),
      field("step", LongType, true),
      field("benchmark", StringType, false),
      field("metric", StringType, false),
      field("value", DoubleType, false),
      field("n", LongType, false),
      field("ci_low", DoubleType, true),
      field("ci_high", DoubleType, true),
      field("chance", DoubleType, true),
      field("source_versions", createMapType(StringType, LongType, false), false),
      field("settings", StringType, false),
      field("at", TimestampType, false)),
      List.of("eval_run", "benchmark", "metric"), List.of(),
      "one metric of one benchmark (suite) of one evaluation of a checkpoint, with sample count, 95% confidence"
          + " interval, chance level where it applies, and the Delta versions and settings it came from");

  public static final TableSpec EVAL_SAMPLES = new TableSpec("eval_samples", schema(
      field("eval_run", StringType, false),
      field("benchmark", StringType, false),
      field("sample_id", StringType, false),
      field("input", StringType, false),
      field("output", StringType, true),
      field("reference", StringType, true),
      field("correct", BooleanType, true),
      field("score", DoubleType, true),
      field("image", BinaryType, true),
      field("detail", StringType, true),
      field("at", TimestampType, false)),
      List.of("eval_run", "benchmark", "sample_id"), List.of("benchmark"),
      "per-sample inputs and outputs of an evaluation, kept for inspection (images as PNG)");

  public static final TableSpec TEXT_DOCS = new TableSpec("text_docs", schema(
      field("doc_id", StringType, false),
      field("source", StringType, false),
      field("source_key", StringType, false),
      field("text", StringType, false),
      field("chars", IntegerType, false),
      field("split", StringType, false),
      field("ingest_run", StringType, false),
      field("ingested_at", TimestampType, false)),
      List.of("doc_id"), List.of(),
      "accepted plain-text documents (a text corpus for the base language model), keyed by a content hash");

  public static final List<TableSpec> ALL =
      List.of(RAW_PAIRS, REJECTS, TOKENIZED_PAIRS, SEQUENCES, TRAINING_METRICS, CHECKPOINTS, EVAL_RESULTS,
          EVAL_SAMPLES, TEXT_DOCS);

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
