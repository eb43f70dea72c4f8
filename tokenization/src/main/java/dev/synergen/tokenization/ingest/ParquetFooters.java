package dev.synergen.tokenization.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads the footer of each parquet file on the driver (a few KB at the end of the file, which
 * Spark reads there anyway to plan the scan): a file whose footer does not parse is refused as a
 * whole, and the row counts of the others say how many rows a complete read must yield.
 */
final class ParquetFooters {
  /** Files whose footer parsed, with their row counts, and the refusals of the others. */
  record Checked(Map<String, Long> rows, List<SourceRecord> refused) {}

  private ParquetFooters() {}

  static Checked check(List<String> files, Configuration hadoop) {
    Map<String, Long> rows = new LinkedHashMap<>();
    List<SourceRecord> refused = new ArrayList<>();
    for (String file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), hadoop))) {
        rows.put(file, reader.getRecordCount());
      } catch (IOException | RuntimeException e) {
        refused.add(SourceRecord.rejected(file, SourceRecord.WHOLE_SOURCE,
            dev.synergen.tokenization.reject.RejectReason.UNREADABLE_SOURCE,
            "parquet footer does not parse, so no row of the file can be read: " + e));
      }
    }
    return new Checked(rows, refused);
  }

  /** The path part of a file name, so {@code file:/a/b} and {@code file:///a/b} compare equal. */
  static String key(String file) {
    return new Path(file).toUri().getPath();
  }
}
