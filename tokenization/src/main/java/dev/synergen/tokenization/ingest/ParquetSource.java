package dev.synergen.tokenization.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.reject.RejectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Hostile files: a file whose footer does not parse is one {@code UNREADABLE_SOURCE} record
 * ({@link ParquetFooters}); a file that fails in the middle (a corrupt page) keeps the rows read
 * before the failure and adds one {@code UNREADABLE_SOURCE} record for the rest ({@link #shortReads});
 * image, caption and metadata cells over their byte limits are {@code FILE_TOO_LARGE} and never
 * reach the validator; keys with control or bidi characters, or shaped like escaping paths, are
 * {@code UNSAFE_PATH}.
 */
final class ParquetSource {

  private ParquetSource() {}

  /** The outcome rows of the readable files and the refusals of the others, with the rows each file declares. */
  record Read(Dataset<Row> outcomes, Map<String, Long> declaredRows) {}

  static Read outcomes(SparkSession spark, List<String> files, ParquetColumns columns, ValidationConfig validation,
      ReaderLimits limits, LongAccumulator rows) {
    ParquetFooters.Checked checked = ParquetFooters.check(files, spark.sparkContext().hadoopConfiguration());
    Dataset<Row> refused = spark.createDataFrame(checked.refused().stream()
        .map(r -> OutcomeRows.of(IngestOutcome.rejected(r.source(), r.sourceKey(), r.readerError()))).toList(),
        OutcomeRows.SCHEMA);
    rows.add(checked.refused().size());
    if (checked.rows().isEmpty()) {
      return new Read(refused, checked.rows());
    }
    List<String> readable = List.copyOf(checked.rows().keySet());
    // a page that fails to decode ends its file's rows (counted by shortReads) instead of the job
    Dataset<Row> df = spark.read().option("ignoreCorruptFiles", "true").parquet(readable.toArray(new String[0]));
    StructType schema = df.schema();
    Column image = imageColumn(schema, columns.image(), readable);
    Column caption = requireColumn(schema, columns.caption(), "caption", readable).cast("binary");
    boolean hasKey = List.of(schema.fieldNames()).contains(columns.key());
    List<Column> meta = new ArrayList<>();
    for (StructField f : schema.fields()) {
      String name = f.name();
      if (!name.equals(columns.image()) && !name.equals(columns.caption()) && !name.equals(columns.key())
          && !(f.dataType() instanceof BinaryType)) {
        meta.add(col("`" + name + "`"));
      }
    }
    Column metaJson = meta.isEmpty() ? lit(null).cast("string") : to_json(struct(meta.toArray(new Column[0])));
    Dataset<Row> selected = df.select(
        col("_metadata.file_path").as("source"),
        col("_metadata.row_index").as("row_index"),
        (hasKey ? col("`" + columns.key() + "`").cast("string") : lit(null).cast("string")).as("key"),
        image.as("image"),
        caption.as("caption"),
        metaJson.as("meta"))
        // oversized cells are replaced by their length here, so their bytes never reach a task's validator
        .select(col("source"), col("row_index"), col("key"),
            capped(col("image"), limits.maxBytes(MemberKind.IMAGE)), length(col("image")).as("image_bytes"),
            capped(col("caption"), limits.maxBytes(MemberKind.CAPTION)), length(col("caption")).as("caption_bytes"),
            capped(col("meta"), limits.maxBytes(MemberKind.METADATA)), length(col("meta")).as("meta_chars"));
    Dataset<Row> validated = spark.createDataFrame(
        selected.javaRDD().mapPartitions(new ParquetRows(validation, limits, rows)), OutcomeRows.SCHEMA);
    return new Read(validated.unionByName(refused), checked.rows());
  }

  /**
   * One {@code UNREADABLE_SOURCE} record per file that yielded fewer rows than its footer declares
   * (Spark stopped reading it at a corrupt page), given the outcome rows per source.
   */
  static List<Row> shortReads(Map<String, Long> declaredRows, Map<String, Long> outcomesBySource) {
    Map<String, Long> seen = new java.util.HashMap<>();
    Map<String, String> sourceName = new java.util.HashMap<>();
    outcomesBySource.forEach((source, n) -> {
      seen.merge(ParquetFooters.key(source), n, Long::sum);
      sourceName.putIfAbsent(ParquetFooters.key(source), source);
    });
    List<Row> out = new ArrayList<>();
    declaredRows.forEach((file, declared) -> {
      long read = seen.getOrDefault(ParquetFooters.key(file), 0L);
      if (read < declared) {
        String source = sourceName.getOrDefault(ParquetFooters.key(file), file);
        out.add(OutcomeRows.of(IngestOutcome.rejected(source, SourceRecord.WHOLE_SOURCE,
            new dev.synergen.tokenization.reject.Rejection(RejectReason.UNREADABLE_SOURCE, "parquet file yielded "
                + read + " of the " + declared + " rows its footer declares; the reader stopped at a corrupt page,"
                + " the rows before it were kept"))));
      }
    });
    return out;
  }

  private static Column capped(Column cell, long limit) {
    return when(length(cell).gt(limit), lit(null)).otherwise(cell);
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

}
