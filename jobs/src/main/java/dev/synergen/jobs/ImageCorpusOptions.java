package dev.synergen.jobs;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every {@code corpus} command that writes image shards takes. */
final class ImageCorpusOptions {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory the shards are written to.")
  Path out;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where the downloaded packages are kept and reused (default: OUT/.packages).")
  Path cache;

  @Option(names = "--limit", paramLabel = "N",
      description = "Write the first N images only (per style where there are several; default: all).")
  int limit = Integer.MAX_VALUE;

  @Option(names = "--per-shard", paramLabel = "N", description = "Images per shard (default: 1000).")
  int perShard = 1000;

  /** The output directory, absolute, after checking the counts. */
  Path outDir() {
    if (limit <= 0 || perShard <= 0) {
      throw new IllegalArgumentException("--limit and --per-shard must be >= 1, got " + limit + " and " + perShard);
    }
    return out.toAbsolutePath();
  }

  Path cacheDir() {
    return cache != null ? cache.toAbsolutePath() : outDir().resolve(".packages");
  }
}
