package dev.synergen.core.testing;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.spark.SparkSessions;
import dev.synergen.core.spark.SparkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One embedded Spark session per test JVM (local[2], Kryo with registrationRequired), shared by
 * every test class: starting Spark with Delta costs seconds, so tests reuse it and isolate
 * themselves with a fresh lakehouse directory each.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      Path scratch;
      try {
        scratch = Files.createTempDirectory("synergen-test-spark");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SparkSettings settings = new SparkSettings("local[2]", "synergen-tests", 2, true, Map.of(
          "spark.ui.enabled", "false",
          "spark.sql.adaptive.enabled", "false",
          "spark.databricks.delta.snapshotPartitions", "1",
          "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2"));
      session = SparkSessions.getOrCreate(settings, new Lakehouse(scratch.toString()));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  /** A lakehouse in a directory of the calling test, so tables never leak between tests. */
  public static Lakehouse lakehouse(Path tempDir) {
    return new Lakehouse(tempDir.resolve("lakehouse").toString());
  }
}
