package dev.synergen.core.run;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The shared writer of the {@code rejects} table: one row per refused input and stage, keyed by
 * (stage, source, source_key) so that re-running a stage does not repeat its rejects.
 */
public final class Rejects {
  private Rejects() {}

  /** A row in the layout of {@link PipelineTables#REJECTS}. */
  public static Row row(String stage, String source, String sourceKey, String reasonCode, String detail, String runId,
      Instant at) {
    return RowFactory.create(stage, source, sourceKey, reasonCode, truncate(detail), runId, Timestamp.from(at));
  }

  public static Dataset<Row> toDataFrame(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, PipelineTables.REJECTS.schema());
  }

  /** Writes rejects idempotently and returns how many were new. */
  public static long write(SparkSession spark, Lakehouse lakehouse, Dataset<Row> rejects) {
    return DeltaTables.insertNew(spark, lakehouse, PipelineTables.REJECTS, rejects);
  }

  /** Counts of {@code rejects} by reason code for one stage, sorted by code. */
  public static Map<String, Long> countByReason(Dataset<Row> rejects) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : rejects.groupBy("reason_code").count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  private static String truncate(String detail) {
    // Details quote user input; keep rows bounded even when the input was huge.
    if (detail == null || detail.length() <= 2000) {
      return detail;
    }
    return detail.substring(0, 2000) + "... (" + detail.length() + " chars)";
  }
}
