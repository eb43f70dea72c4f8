package dev.synergen.core.spark;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Names the Spark jobs of a step, so the progress line and the Spark UI read {@code tokenize:
 * encode} instead of a call site. Spark keeps the description in an inheritable thread-local, so the
 * jobs Delta starts on its own threads carry it too. Closing restores the previous description.
 */
public final class JobDescription implements AutoCloseable {
  private static final String KEY = "spark.job.description";

  private final SparkContext context;
  private final String previous;

  private JobDescription(SparkContext context, String text) {
    this.context = context;
    this.previous = context.getLocalProperty(KEY);
    context.setJobDescription(text);
  }

  /** Describes the jobs of a whole step, e.g. {@code "tokenize: encode"}. */
  public static JobDescription of(SparkSession spark, String text) {
    return new JobDescription(spark.sparkContext(), text);
  }

  /**
   * Describes a sub-step under the current job: {@code "tokenize"} with {@code "MERGE into
   * tokenized_pairs"} reads {@code "tokenize: MERGE into tokenized_pairs"}; with no current job, the detail alone.
   */
  public static JobDescription within(SparkSession spark, String detail) {
    String current = current(spark);
    String job = current == null ? null : current.split(": ", 2)[0];
    return new JobDescription(spark.sparkContext(), job == null ? detail : job + ": " + detail);
  }

  /** Runs {@code action} under {@link #within(SparkSession, String)} and returns its result. */
  public static <T> T within(SparkSession spark, String detail, Supplier<T> action) {
    try (JobDescription d = within(spark, detail)) {
      return action.get();
    }
  }

  /** The description in force on this thread, or null. */
  public static String current(SparkSession spark) {
    return spark.sparkContext().getLocalProperty(KEY);
  }

  @Override
  public void close() {
    context.setLocalProperty(KEY, previous);
  }
}
