package dev.synergen.training.train;

import dev.synergen.training.TrainingErrors;
import java.util.function.IntSupplier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Checks, before the first round, that the cluster can run a barrier stage of the workers: barrier
 * stages cannot run with dynamic allocation, and all their tasks must fit the free task slots at
 * once (executors still registering are waited for, up to a timeout).
 */
final class ClusterPreflight {
  private ClusterPreflight() {}

  static void check(SparkSession spark, int workers, long waitMillis) {
    SparkContext sc = spark.sparkContext();
    // executors of a local master exist from the start: nothing to wait for
    check(sc.conf(), workers, sc.master().startsWith("local") ? 0 : waitMillis, () -> slots(sc));
  }

  static void check(SparkConf conf, int workers, long waitMillis, IntSupplier freeSlots) {
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_CLUSTER_UNSUITABLE, "the workers run as a Spark barrier stage,"
          + " which cannot run with dynamic allocation; set spark.dynamicAllocation.enabled=false (for example"
          + " --conf spark.conf.spark.dynamicAllocation.enabled=false) and a fixed number of executors");
    }
    long deadline = System.currentTimeMillis() + waitMillis;
    int slots = freeSlots.getAsInt();
    while (slots < workers && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slots = freeSlots.getAsInt();
    }
    if (slots < workers) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_CLUSTER_UNSUITABLE, "train.workers is " + workers + " but the"
          + " cluster has " + slots + " task slot(s) for the barrier stage (executor cores / spark.task.cpus, and"
          + " GPUs / spark.task.resource.gpu.amount when GPUs are requested); lower --workers to " + Math.max(1, slots)
          + " or add executors (spark.executor.instances)");
    }
  }

  /** Tasks of the default resource profile that can run at once now. */
  static int slots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }
}
