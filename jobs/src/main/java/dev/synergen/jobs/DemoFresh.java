package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code demo --fresh}: removes what an earlier demo wrote (its work directory and lakehouse), nothing else. */
final class DemoFresh {
  /** What the demo writes under its work directory. */
  static final Set<String> WORKDIR_ENTRIES = Set.of("shapes", "corpus", "packages", "text", "run", "samples",
      "report.html");

  private DemoFresh() {}

  /**
   * Deletes {@code workdir} and the lakehouse when each holds only what a demo writes; otherwise
   * refuses, naming the entries it would not delete, before deleting anything.
   */
  static void clear(Path workdir, Lakehouse lakehouse, PrintStream out) throws IOException {
    if (!lakehouse.isLocal()) {
      throw new IllegalArgumentException("--fresh deletes only a lakehouse on local disk; delete "
          + lakehouse.root() + " yourself, or leave out --fresh");
    }
    Path lake = lakehouse.root().startsWith("file:") ? Path.of(URI.create(lakehouse.root()))
        : Path.of(lakehouse.root());
    Set<String> tables = PipelineTables.ALL.stream().map(TableSpec::name)
        .collect(Collectors.toCollection(HashSet::new));
    tables.add("_artifacts");
    tables.add("_warehouse");
    requireOnly(workdir, WORKDIR_ENTRIES, "--workdir");
    requireOnly(lake, tables, "--lakehouse");
    for (Path dir : List.of(workdir, lake)) {
      if (Files.exists(dir)) {
        deleteTree(dir);
        out.println("--fresh: deleted " + dir.toAbsolutePath());
      }
    }
  }

  private static void requireOnly(Path dir, Set<String> known, String option) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Set<String> other = new TreeSet<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.map(p -> p.getFileName().toString()).filter(n -> !known.contains(n)).forEach(other::add);
    }
    if (!other.isEmpty()) {
      throw new IllegalArgumentException("--fresh would delete " + dir.toAbsolutePath() + ", which holds " + other
          + ": not written by the demo. Delete it yourself, or give the demo another " + option);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
