package dev.synergen.training.train;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.Rejects;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Buffers the {@code training_metrics} and {@code rejects} rows of one round and writes them when
 * the round is published. Metrics go in with Delta's {@code txnAppId} = run id and
 * {@code txnVersion} = round, rejects by MERGE on their key: a round redone after a crash writes
 * nothing twice.
 */
final class MetricsLog {
  static final String REJECT_SOURCE = "sequences";

  private final String runId;
  private final String stage;
  private final List<Row> metrics = new ArrayList<>();
  private final List<Row> rejects = new ArrayList<>();

  MetricsLog(String runId, String stage) {
    this.runId = runId;
    this.stage = stage;
  }

  /**
   * One logged interval of {@code worker} ending at {@code step}: mean losses and step time, summed
   * tokens and samples, the largest gradient norm and the skipped steps; {@code exchangeMillis} and
   * {@code bytes} only on the interval that ends the round (null elsewhere).
   */
  void metric(long round, int worker, long step, double loss, double textLoss, double imageLoss, double lr, long tokens,
      double stepMillis, double gradNorm, long skipped, long samples, Double exchangeMillis, Long bytes) {
    metrics.add(RowFactory.create(runId, stage, (int) round, worker, step, loss, textLoss, imageLoss, lr, tokens,
        stepMillis, Timestamp.from(Instant.now()), gradNorm, skipped, samples, exchangeMillis, bytes));
  }

  void reject(String seqId, String reasonCode, String detail) {
    rejects.add(Rejects.row(TrainJob.JOB, REJECT_SOURCE, seqId, reasonCode, detail, runId, Instant.now()));
  }

  /** Writes the buffered rows of {@code round}; returns whether metrics rows were appended now. */
  boolean flush(SparkSession spark, Lakehouse lakehouse, long round) {
    boolean appended = false;
    if (!metrics.isEmpty()) {
      appended = DeltaTables.appendOnce(spark, lakehouse, PipelineTables.TRAINING_METRICS,
          spark.createDataFrame(metrics, PipelineTables.TRAINING_METRICS.schema()), runId, round);
      metrics.clear();
    }
    if (!rejects.isEmpty()) {
      // a row rejected twice in one round (two epochs) is one reject
      List<Row> unique = new ArrayList<>(rejects.stream()
          .collect(Collectors.toMap(r -> r.getString(2), r -> r, (a, b) -> a, LinkedHashMap::new)).values());
      Rejects.write(spark, lakehouse, Rejects.toDataFrame(spark, unique));
      rejects.clear();
    }
    return appended;
  }
}
