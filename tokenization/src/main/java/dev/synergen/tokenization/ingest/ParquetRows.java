package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Executor side of {@link ParquetSource}: one parquet row (source, row_index, key, image,
 * image_bytes, caption, caption_bytes, meta, meta_chars) to one outcome row. Cells over their limit
 * arrive as null with their length; keys are checked like tar entry names, since they end up in
 * tables and reports where control or bidi characters would mislead.
 */
final class ParquetRows implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  private final ValidationConfig validation;
  private final ReaderLimits limits;
  private final LongAccumulator rows;

  ParquetRows(ValidationConfig validation, ReaderLimits limits, LongAccumulator rows) {
    this.validation = validation;
    this.limits = limits;
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
        rows.add(1);
        String source = r.getString(0);
        String key = r.isNullAt(2) ? "row " + r.getLong(1) : r.getString(2);
        Rejection refused = refusal(r, key);
        if (refused != null) {
          return OutcomeRows.of(IngestOutcome.rejected(source, EntryNames.printable(EntryNames.abbreviated(key)),
              refused));
        }
        String meta = r.isNullAt(7) ? null : r.getString(7);
        SourceRecord record = SourceRecord.sample(source, key, r.isNullAt(3) ? null : (byte[]) r.get(3), null,
            r.isNullAt(5) ? null : (byte[]) r.get(5), meta == null ? null : meta.getBytes(StandardCharsets.UTF_8));
        return OutcomeRows.of(validator.validate(record));
      }
    };
  }

  private Rejection refusal(Row r, String key) {
    String unsafe = r.isNullAt(2) ? null : EntryNames.unsafeBecause(key);
    if (unsafe == null && key.length() > TarEntryReader.MAX_NAME_BYTES) {
      unsafe = "key has " + key.length() + " characters, limit is " + TarEntryReader.MAX_NAME_BYTES;
    }
    if (unsafe != null) {
      return new Rejection(RejectReason.UNSAFE_PATH, "parquet " + unsafe.replace("entry name", "key") + ": '"
          + EntryNames.printable(EntryNames.abbreviated(key)) + "'");
    }
    Rejection tooLarge = tooLarge(r, 4, "image", limits.maxBytes(MemberKind.IMAGE), "member");
    if (tooLarge == null) {
      tooLarge = tooLarge(r, 6, "caption", limits.maxBytes(MemberKind.CAPTION), "caption");
    }
    if (tooLarge == null) {
      tooLarge = tooLarge(r, 8, "metadata", limits.maxBytes(MemberKind.METADATA), "metadata");
    }
    return tooLarge;
  }

  private static Rejection tooLarge(Row r, int lengthIndex, String cell, long limit, String setting) {
    if (r.isNullAt(lengthIndex) || r.getInt(lengthIndex) <= limit) {
      return null;
    }
    return new Rejection(RejectReason.FILE_TOO_LARGE, "parquet " + cell + " cell has " + r.getInt(lengthIndex)
        + (cell.equals("metadata") ? " characters" : " bytes") + ", limit is " + limit + "; raise the " + setting
        + " byte limit if such cells are intended");
  }
}
