package dev.synergen.tokenization.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers of the benchmarks. */
final class BenchFiles {
  private BenchFiles() {}

  /** Deletes a benchmark's temporary directory; a leftover is harmless, so failures are ignored. */
  static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  /** Saves a benchmark's JSON report to {@code out} (null: nowhere) and returns it. */
  static ObjectNode saved(ObjectNode report, Path out) throws IOException {
    if (out != null) {
      AtomicFiles.writeString(out, report.toPrettyString());
    }
    return report;
  }
}
