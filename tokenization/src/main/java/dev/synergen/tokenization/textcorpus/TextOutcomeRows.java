package dev.synergen.tokenization.textcorpus;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.synergen.tokenization.ingest.HashSplit;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.reject.Rejection;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reader and validation outcomes as Spark rows: documents and rejects in one frame, told apart by {@code kind}. */
final class TextOutcomeRows {
  static final String DOC = "doc";
  static final String REJECT = "reject";

  static final StructType SCHEMA = new StructType(new StructField[] {
      field("kind", StringType, false),
      field("doc_id", StringType, true),
      field("source", StringType, false),
      field("source_key", StringType, false),
      field("text", StringType, true),
      field("chars", IntegerType, true),
      field("split", StringType, true),
      field("reason_code", StringType, true),
      field("detail", StringType, true)});

  private TextOutcomeRows() {}

  /** Validates one record: an accepted document with its id and split, or a reject. */
  static Row of(TextRecord record, TextValidator validator, HashSplit split) {
    if (record.isRefused()) {
      return reject(record.source(), record.sourceKey(), record.refusal());
    }
    try {
      String text = validator.validate(record.bytes());
      String id = DocId.of(text);
      return RowFactory.create(DOC, id, record.source(), record.sourceKey(), text,
          text.codePointCount(0, text.length()), split.assign(id), null, null);
    } catch (RejectedException e) {
      return reject(record.source(), record.sourceKey(), e.rejection());
    }
  }

  static Row reject(String source, String key, Rejection rejection) {
    return RowFactory.create(REJECT, null, source, key, null, null, null, rejection.reason().name(),
        rejection.detail());
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
