package dev.synergen.tokenization.shapes;

import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.ProgressListener;
import dev.synergen.core.run.RunId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code synergen shapes}: writes the shapes-world corpus as WebDataset tar shards, one Spark task
 * per shard. Shards are deterministic and written atomically, so a re-run rewrites identical files.
 * On a cluster the output directory must be on a file system every executor shares.
 */
public final class ShapesJob {
  public static final String JOB = "shapes";

  private ShapesJob() {}

  /**
   * Reads {@code shapes.output} (default {@code shapes}), {@code shapes.count} (10000), {@code shapes.seed} (0),
   * {@code shapes.samples_per_shard} (1000), {@code shapes.image_size} (64), {@code shapes.grid} (3),
   * {@code shapes.min_objects} (1), {@code shapes.max_objects} (4).
   */
  public static ShapesCorpusConfig config(Settings s) {
    ShapesWorldConfig defaults = ShapesWorldConfig.defaults();
    try {
      ShapesWorldConfig world = new ShapesWorldConfig(
          s.integer("shapes.image_size", defaults.imageSize(), 16, 4096),
          s.integer("shapes.grid", defaults.gridSize(), 2, 64),
          s.integer("shapes.min_objects", defaults.minObjects(), 1, 4096),
          s.integer("shapes.max_objects", defaults.maxObjects(), 1, 4096));
      return new ShapesCorpusConfig(Path.of(s.string("shapes.output", "shapes")).toAbsolutePath().normalize(),
          s.longValue("shapes.seed", 0, Long.MIN_VALUE, Long.MAX_VALUE),
          s.longValue("shapes.count", 10_000, 1, Long.MAX_VALUE),
          s.integer("shapes.samples_per_shard", 1000, 1, 1_000_000), world);
    } catch (IllegalArgumentException e) {
      throw new dev.synergen.core.PipelineException(Settings.BAD_VALUE, "shapes settings are inconsistent: "
          + e.getMessage());
    }
  }

  public static JobSummary run(SparkSession spark, ShapesCorpusConfig config, RunId runId) {
    Instant started = Instant.now();
    List<Integer> shards = new ArrayList<>();
    for (int i = 0; i < config.shardCount(); i++) {
      shards.add(i);
    }
    String output = config.outputDir().toString();
    long seed = config.seed();
    long count = config.count();
    int perShard = config.samplesPerShard();
    ShapesWorldConfig world = config.world();
    LongAccumulator rows = spark.sparkContext().longAccumulator(ProgressListener.ROWS_ACCUMULATOR);
    spark.sparkContext().setJobDescription("shapes: write " + shards.size() + " shards of " + perShard + " samples");
    List<Long> written = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(shards, Math.max(1, shards.size()))
        .map(shard -> {
          ShapesCorpusConfig c = new ShapesCorpusConfig(Path.of(output), seed, count, perShard, world);
          try {
            ShapesCorpusWriter.writeShard(c, shard);
          } catch (IOException e) {
            throw new UncheckedIOException("writing shard " + c.shardPath(shard) + " failed", e);
          }
          long samples = Math.min(count, (long) (shard + 1) * perShard) - (long) shard * perShard;
          rows.add(samples);
          return samples;
        })
        .collect();
    spark.sparkContext().setJobDescription(null);
    long samples = written.stream().mapToLong(Long::longValue).sum();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("output", output);
    extra.put("shards", shards.size());
    extra.put("seed", seed);
    extra.put("image_size", world.imageSize());
    return new JobSummary(JOB, runId.value(), started, Instant.now(), count, samples, 0, Map.of(), Map.of(), Map.of(),
        extra);
  }
}
