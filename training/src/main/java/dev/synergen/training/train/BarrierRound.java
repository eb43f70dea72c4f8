package dev.synergen.training.train;

import dev.synergen.core.spark.JobDescription;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.worker.RoundSpec;
import dev.synergen.training.worker.ShardRow;
import dev.synergen.training.worker.WorkerReport;
import dev.synergen.training.worker.WorkerRounds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import scala.Function1;
import scala.collection.Iterator;

import scala.reflect.ClassTag$;

/**
 * Runs one round as a Spark barrier stage, one task per worker (all start together or none). The
 * stage feeds a shuffle, so Spark treats it as a map stage and retries the whole stage when a worker
 * fails (a failed barrier result stage would abort the job instead); each retry starts the round
 * over from the state the previous round left.
 */
final class BarrierRound {
  private BarrierRound() {}

  /** The worker's own message from Spark's report of a failed stage (the first line that names a worker). */
  static String workerFailure(Throwable e) {
    String text = String.valueOf(e.getMessage());
    int at = text.indexOf("worker ");
    int code = text.indexOf("[" + TrainingErrors.TRAIN_WORKER_FAILED.code() + "]");
    int from = code >= 0 ? code + TrainingErrors.TRAIN_WORKER_FAILED.code().length() + 3 : Math.max(0, at);
    int end = text.indexOf('\n', from);
    return (end < 0 ? text.substring(from) : text.substring(from, end)).trim();
  }

  static List<WorkerReport> run(SparkSession spark, RoundSpec spec, JavaRDD<ShardRow> shards, LongAccumulator rows) {
    @SuppressWarnings("unchecked")
    Function1<Iterator<ShardRow>, Iterator<String>> body =
        (Function1<Iterator<ShardRow>, Iterator<String>> & java.io.Serializable) it -> WorkerRounds.run(spec, it, rows);
    List<String> json;
    try (JobDescription d = JobDescription.within(spark, "round " + spec.round() + " on " + spec.workers()
        + " worker(s)")) {
      JavaRDD<String> reports = JavaRDD.fromRDD(
          shards.rdd().barrier().mapPartitions(body, false, ClassTag$.MODULE$.apply(String.class)),
          ClassTag$.MODULE$.apply(String.class));
      json = reports.repartition(1).collect();
    } catch (Exception e) {
      // Spark's SparkException is checked in Java but thrown undeclared from Scala
      if (!(e instanceof org.apache.spark.SparkException)) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      throw TrainingErrors.error(TrainingErrors.TRAIN_WORKER_FAILED, "round " + spec.round() + " failed in every"
          + " attempt Spark made (spark.stage.maxConsecutiveAttempts); last failure: " + workerFailure(e), e);
    }
    List<WorkerReport> out = new ArrayList<>();
    json.forEach(j -> out.add(WorkerReport.fromJson(j)));
    out.sort(Comparator.comparingInt(WorkerReport::worker));
    return out;
  }
}
