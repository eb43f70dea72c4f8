package dev.synergen.tokenization.hostile;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the hostile tests observe: verdicts per case from the tables, peak heap, files on disk. */
final class Verdicts {
  private Verdicts() {}

  /** {@code "<source file name>|<key>" -> ACCEPTED or reason}, from raw_pairs and the stage's rejects. */
  static Map<String, String> of(SparkSession spark, Lakehouse lakehouse, String stage, boolean withPairs) {
    Map<String, String> out = new TreeMap<>();
    if (withPairs) {
      for (Row r : DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).select("source", "source_key")
          .collectAsList()) {
        put(out, name(r.getString(0)) + "|" + r.getString(1), HostileCorpus.ACCEPTED);
      }
    }
    for (Row r : DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).where("stage = '" + stage + "'")
        .select("source", "source_key", "reason_code").collectAsList()) {
      put(out, name(r.getString(0)) + "|" + r.getString(1), r.getString(2));
    }
    return out;
  }

  private static void put(Map<String, String> out, String key, String verdict) {
    String before = out.put(key, verdict);
    if (before != null) {
      throw new AssertionError(key + " has two verdicts: " + before + " and " + verdict);
    }
  }

  private static String name(String source) {
    return source.substring(source.lastIndexOf('/') + 1);
  }

  /** Resets the peak of every heap pool; {@link #peakHeapBytes} then reads the peak since. */
  static void resetPeakHeap() {
    ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one time since the reset. */
  static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** Every regular file under {@code root} with its size, relative to it. */
  static Map<String, Long> files(Path root) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(root.relativize(p).toString(), Files.size(p));
        }
      }
    }
    return out;
  }

  /** ImageIO's disk-cache files in the JVM's temporary directory. */
  static Map<String, Long> imageIoCacheFiles() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> paths = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      paths.filter(p -> p.getFileName().toString().matches("imageio\\d+\\.tmp")).forEach(p -> out.put(p.toString(), 0L));
    }
    return out;
  }
}
