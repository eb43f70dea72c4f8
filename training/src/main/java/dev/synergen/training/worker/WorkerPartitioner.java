package dev.synergen.training.worker;

import org.apache.spark.Partitioner;

/** Partition i holds the rows of worker i: the key is the worker index itself. */
public final class WorkerPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int workers;

  public WorkerPartitioner(int workers) {
    this.workers = workers;
  }

  @Override
  public int numPartitions() {
    return workers;
  }

  @Override
  public int getPartition(Object key) {
    return (Integer) key;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WorkerPartitioner p && p.workers == workers;
  }

  @Override
  public int hashCode() {
    return workers;
  }
}
