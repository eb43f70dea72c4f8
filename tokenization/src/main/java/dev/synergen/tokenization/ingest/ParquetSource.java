package dev.synergen.tokenization.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.synergen.tokenization.TokenizationErrors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Reads img2dataset-style parquet files with Spark's own parquet reader (row groups stream through
 * the executors) and validates each row like any other sample. The source is the file, the key the
 * key column or, without one, the row's index in its file. An image column that is a struct with a
 * {@code bytes} field (Hugging Face datasets' image feature) is read from that field.
 */
final class ParquetSource {

  private ParquetSource() {}

  static Dataset<Row> outcomes(SparkSession spark, List<String> files, ParquetColumns columns,
      ValidationConfig validation, LongAccumulator rows) {
    Dataset<Row> df = spark.read().parquet(files.toArray(new String[0]));
    StructType schema = df.schema();
    Column image = imageColumn(schema, columns.image(), files);
    Column caption = requireColumn(schema, columns.caption(), "caption", files).cast("binary");
    boolean hasKey = List.of(schema.fieldNames()).contains(columns.key());
    List<Column> meta = new ArrayList<>();
    for (StructField f : schema.fields()) {
      String name = f.name();
      if (!name.equals(columns.image()) && !name.equals(columns.caption()) && !name.equals(columns.key())
          && !(f.dataType() instanceof BinaryType)) {
        meta.add(col("`" + name + "`"));
      }
    }
    Dataset<Row> selected = df.select(
        col("_metadata.file_path").as("source"),
        col("_metadata.row_index").as("row_index"),
        (hasKey ? col("`" + columns.key() + "`").cast("string") : lit(null).cast("string")).as("key"),
        image.as("image"),
        caption.as("caption"),
        (meta.isEmpty() ? lit(null).cast("string") : to_json(struct(meta.toArray(new Column[0])))).as("meta"));
    return spark.createDataFrame(selected.javaRDD().mapPartitions(new ValidateRows(validation, rows)), OutcomeRows.SCHEMA);
  }

  private static Column imageColumn(StructType schema, String name, List<String> files) {
    Column column = requireColumn(schema, name, "image", files);
    StructField field = schema.apply(name);
    if (field.dataType() instanceof StructType s && List.of(s.fieldNames()).contains("bytes")) {
      return col("`" + name + "`.bytes");
    }
    return column.cast("binary");
  }

  private static Column requireColumn(StructType schema, String name, String role, List<String> files) {
    if (!List.of(schema.fieldNames()).contains(name)) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_PARQUET_COLUMN_MISSING, "parquet files " + abbreviate(files) + " have no " + role + " column '"
          + name + "'; their columns are " + List.of(schema.fieldNames()) + ". Set ingest.parquet." + role + "_column");
    }
    return col("`" + name + "`");
  }

  private static String abbreviate(List<String> files) {
    return files.size() <= 3 ? files.toString() : files.subList(0, 3) + " and " + (files.size() - 3) + " more";
  }

  /** Executor side: one parquet row -> one outcome row. */
  private static final class ValidateRows implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;

    private final ValidationConfig validation;
    private final LongAccumulator rows;

    ValidateRows(ValidationConfig validation, LongAccumulator rows) {
      this.validation = validation;
      this.rows = rows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      SampleValidator validator = new SampleValidator(validation);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public Row next() {
          Row r = input.next();
          String key = r.isNullAt(2) ? "row " + r.getLong(1) : r.getString(2);
          String meta = r.isNullAt(5) ? null : r.getString(5);
          SourceRecord record = SourceRecord.sample(r.getString(0), key, r.isNullAt(3) ? null : (byte[]) r.get(3), null,
              r.isNullAt(4) ? null : (byte[]) r.get(4), meta == null ? null : meta.getBytes(StandardCharsets.UTF_8));
          rows.add(1);
          return OutcomeRows.of(validator.validate(record));
        }
      };
    }
  }
}
