package dev.synergen.core.run;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Puts a fault point inside the Spark job that consumes some rows, e.g. the write stage of a Delta
 * MERGE: the point fires in the tasks as they start reading, after Delta began the transaction and
 * before it can commit, so {@code !halt} there stops the JVM in the middle of a commit (data files
 * of other tasks may be written; the log entry that would make them visible is not).
 */
public final class FaultRows {
  private FaultRows() {}

  /** {@code rows} unchanged, firing {@code point} (coordinates {@code at}) in every task that reads them. */
  public static Dataset<Row> firing(Dataset<Row> rows, FaultPlan faults, String point, Object... at) {
    if (faults.isEmpty()) {
      return rows;
    }
    return rows.mapPartitions(new Fire(faults, point, at), Encoders.row(rows.schema()));
  }

  private record Fire(FaultPlan faults, String point, Object[] at) implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      faults.at(point, at);
      return rows;
    }
  }
}
