package dev.synergen.tokenization.ingest;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.synergen.tokenization.reject.RejectedRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Validation outcomes as Spark rows: accepted pairs and rejects in one frame, told apart by {@code kind}. */
final class OutcomeRows {
  static final String PAIR = "pair";
  static final String REJECT = "reject";

  static final StructType SCHEMA = new StructType(new StructField[] {
      field("kind", StringType, false),
      field("pair_id", StringType, true),
      field("source", StringType, false),
      field("source_key", StringType, false),
      field("image", BinaryType, true),
      field("format", StringType, true),
      field("width", IntegerType, true),
      field("height", IntegerType, true),
      field("caption", StringType, true),
      field("meta", StringType, true),
      field("split", StringType, true),
      field("reason_code", StringType, true),
      field("detail", StringType, true)});

  private OutcomeRows() {}

  static Row of(IngestOutcome outcome) {
    if (outcome.isAccepted()) {
      RawPair p = outcome.pair();
      return RowFactory.create(PAIR, p.pairId(), p.source(), p.sourceKey(), p.image(), p.format(), p.width(),
          p.height(), p.caption(), p.metadata(), p.split(), null, null);
    }
    RejectedRecord r = outcome.reject();
    return RowFactory.create(REJECT, null, r.source(), r.sourceKey(), null, null, null, null, null, null, null,
        r.reason().name(), r.detail());
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
