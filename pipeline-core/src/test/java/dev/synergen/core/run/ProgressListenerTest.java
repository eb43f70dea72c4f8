package dev.synergen.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
  @Test
  void countsRowsFromTheRowsAccumulatorAndRendersTasks() {
    SparkSession spark = TestSpark.session();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setProperty("synergen.progress", "plain");
    try (ProgressListener progress = ProgressListener.attach(spark.sparkContext(), new PrintStream(bytes, true,
        StandardCharsets.UTF_8))) {
      LongAccumulator rows = spark.sparkContext().longAccumulator(ProgressListener.ROWS_ACCUMULATOR);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      jsc.setJobDescription("count squares");
      long n = jsc.parallelize(IntStream.range(0, 1000).boxed().toList(), 4).map(i -> {
        rows.add(1);
        return i * i;
      }).count();
      jsc.setJobDescription(null);
      assertEquals(1000, n);
      // The listener bus is asynchronous; wait until the last task-end event was delivered.
      long deadline = System.currentTimeMillis() + 10_000;
      while (progress.rows() < 1000 && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(1000, progress.rows());
      String line = progress.render();
      assertTrue(line.startsWith("[synergen-tests] count squares: 4/4 tasks, 1,000 rows ("), line);
    } finally {
      System.clearProperty("synergen.progress");
    }
  }
}
