package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.ProgressListener;
import dev.synergen.core.spark.SparkSessions;
import dev.synergen.core.spark.SparkSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Starts Spark for one command, with live progress, and prints and saves the job's summary. */
public final class JobContext implements AutoCloseable {
  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final ProgressListener progress;
  private final PrintStream out;

  private JobContext(SparkSession spark, Lakehouse lakehouse, ProgressListener progress, PrintStream out) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.progress = progress;
    this.out = out;
  }

  public static JobContext start(Lakehouse lakehouse, SparkSettings sparkSettings, PrintStream out) {
    SparkSession spark = SparkSessions.getOrCreate(sparkSettings, lakehouse);
    ProgressListener progress = ProgressListener.attach(spark.sparkContext(), System.err);
    return new JobContext(spark, lakehouse, progress, out);
  }

  public SparkSession spark() {
    return spark;
  }

  public Lakehouse lakehouse() {
    return lakehouse;
  }

  /** Prints a summary between the progress lines of a multi-step command. */
  public void printSummary(JobSummary summary) {
    progress.pause();
    summary.print(out);
  }

  public void report(JobSummary summary, Path summaryJson) throws IOException {
    progress.close();
    summary.print(out);
    if (summaryJson != null) {
      summary.writeJson(summaryJson);
      out.println("  summary json    " + summaryJson.toAbsolutePath());
    }
  }

  @Override
  public void close() {
    progress.close();
  }
}
