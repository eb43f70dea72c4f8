package dev.synergen.tokenization.device;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.synergen.tokenization.TokenizationErrors;
import org.apache.spark.TaskContext;

/**
 * How many intra-op threads libtorch may use for the tokenizer's forward passes.
 *
 * <p>The rule: a Spark task gets {@code spark.task.cpus} threads; a single process that owns the
 * machine (the benchmark's bare loop, a driver-side call) gets every core; an explicit
 * {@code -Dai.djl.pytorch.num_threads} on the JVM wins over both. Spark already runs one task per
 * free core, so libtorch's default of all cores in every task puts N x cores threads on N cores,
 * and OpenMP threads that wait for a descheduled peer spin: measured 1.4x slower and 1.8x more
 * CPU per image with 2 tasks on 2 cores. To give one encode task more threads, raise
 * {@code spark.task.cpus}: Spark then runs fewer tasks at once and the threads still fit.
 *
 * <p>libtorch's CPU build keeps the count per native thread (OpenMP's nthreads-var), copied from
 * the last value set anywhere the first time a thread runs a parallel op, and kept after that.
 * Spark reuses task threads, so the count is applied in the thread that encodes, for every
 * partition, rather than once per JVM.
 */
public final class IntraOpThreads {
  /** DJL's own JVM property for the intra-op thread count. */
  public static final String PROPERTY = "ai.djl.pytorch.num_threads";

  private IntraOpThreads() {}

  /**
   * The thread count for one caller.
   *
   * @param explicit the value of {@value #PROPERTY}, or null when it is not set
   * @param taskCpus {@code spark.task.cpus} of the calling task, or 0 outside a Spark task
   * @param cores the cores this JVM may use
   */
  static int policy(Integer explicit, int taskCpus, int cores) {
    if (explicit != null) {
      if (explicit < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, PROPERTY + " must be >= 1, got " + explicit + "; unset it to let spark.task.cpus decide");
      }
      return explicit;
    }
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be >= 1, got " + cores);
    }
    return taskCpus > 0 ? Math.min(taskCpus, cores) : cores;
  }

  /** The count for the calling thread: its Spark task's cpus, or every core outside a task. */
  public static int forCurrentThread() {
    TaskContext task = TaskContext.get();
    return policy(Integer.getInteger(PROPERTY), task == null ? 0 : task.cpus(),
        Runtime.getRuntime().availableProcessors());
  }

  /** Applies {@link #forCurrentThread()} to the calling thread; returns the count. */
  public static int applyToCurrentThread() {
    return apply(forCurrentThread());
  }

  /** Sets the calling thread's intra-op thread count (and the default of threads that have not run an op yet). */
  public static int apply(int threads) {
    // the JNI calls need the native library, which the engine loads
    Engine.getEngine("PyTorch");
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
    return threads;
  }

  /** The calling thread's current intra-op thread count. */
  public static int current() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }
}
