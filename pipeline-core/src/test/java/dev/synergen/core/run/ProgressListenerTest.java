package dev.synergen.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
  /** Holds the last task of the job until the test has looked at the progress line (local mode: one JVM). */
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  @Test
  void showsTheRunningStagesTasksAndRowsAndNothingOnceItFinished() throws Exception {
    SparkSession spark = TestSpark.session();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setProperty("synergen.progress", "plain");
    try (ProgressListener progress = ProgressListener.attach(spark.sparkContext(), new PrintStream(bytes, true,
        StandardCharsets.UTF_8))) {
      LongAccumulator rows = spark.sparkContext().longAccumulator(ProgressListener.ROWS_ACCUMULATOR);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      CompletableFuture<Long> job = CompletableFuture.supplyAsync(() -> {
        jsc.setJobDescription("count squares");
        return jsc.parallelize(IntStream.range(0, 1000).boxed().toList(), 4).mapPartitions(
            (Iterator<Integer> it) -> {
              List<Integer> out = new ArrayList<>();
              it.forEachRemaining(i -> {
                rows.add(1);
                out.add(i * i);
              });
              if (TaskContext.getPartitionId() == 3) {
                RELEASE.await(60, TimeUnit.SECONDS);
              }
              return out.iterator();
            }).count();
      });
      // The listener bus is asynchronous; wait until the three free tasks' end events arrived.
      long deadline = System.currentTimeMillis() + 30_000;
      while (progress.rows() < 750 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      String line = progress.render();
      RELEASE.countDown();
      assertEquals(1000, job.get(60, TimeUnit.SECONDS));
      assertTrue(line.startsWith("[synergen-tests] count squares: 3/4 tasks, 750 rows ("), line);
      assertTrue(line.contains(" rows/s), ETA "), line);

      deadline = System.currentTimeMillis() + 30_000;
      while (progress.rows() < 1000 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1000, progress.rows());
      // stage-completed comes after the last task-end on the bus
      deadline = System.currentTimeMillis() + 30_000;
      while (progress.render() != null && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertNull(progress.render(), "no stage runs, so no line (the driver may be busy for minutes)");
    } finally {
      System.clearProperty("synergen.progress");
    }
  }
}
