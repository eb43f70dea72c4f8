package dev.synergen.tokenization.tokenize;

import org.apache.spark.sql.SparkSession;

/**
 * How many partitions the tokenize job encodes in. Spark sizes partitions by bytes, but encoding
 * costs milliseconds per image whatever its size: 9,750 shapes PNGs are 4 MB, which Spark packs
 * into as few partitions as the files allow (one file, one task, one busy core). The job therefore
 * hash-partitions the rows to encode on their key: {@value #WAVES} tasks per task slot, so a slot
 * whose core is slowed down hands the last tasks to the others, but no task smaller than a batch.
 */
public final class EncodePartitions {
  /** Tasks per task slot. */
  static final int WAVES = 2;

  private EncodePartitions() {}

  /**
   * @param rows the rows to encode (an upper bound is fine)
   * @param slots tasks Spark runs at once
   * @param batchSize images per forward pass
   */
  public static int count(long rows, int slots, int batchSize) {
    if (slots < 1 || batchSize < 1 || rows < 0) {
      throw new IllegalArgumentException("rows " + rows + ", slots " + slots + ", batch size " + batchSize
          + ": slots and batch size must be >= 1, rows >= 0");
    }
    long batches = (rows + batchSize - 1) / batchSize;
    return (int) Math.max(1, Math.min((long) slots * WAVES, batches));
  }

  /** Task slots of the session: its default parallelism (the cores of all executors) over {@code spark.task.cpus}. */
  public static int slots(SparkSession spark) {
    int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    return Math.max(1, spark.sparkContext().defaultParallelism() / Math.max(1, taskCpus));
  }
}
