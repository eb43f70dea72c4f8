package dev.synergen.tokenization.shapes;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.ProgressListener;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.JobDescription;
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

  /** Reads every {@link ShapesSettings} key. */
  public static ShapesCorpusConfig config(Settings s) {
    try {
      ShapesWorldConfig world = new ShapesWorldConfig(ShapesSettings.IMAGE_SIZE.get(s), ShapesSettings.GRID.get(s),
          ShapesSettings.MIN_OBJECTS.get(s), ShapesSettings.MAX_OBJECTS.get(s));
      return new ShapesCorpusConfig(Path.of(ShapesSettings.OUTPUT.get(s)).toAbsolutePath().normalize(),
          ShapesSettings.SEED.get(s), ShapesSettings.COUNT.get(s), ShapesSettings.SAMPLES_PER_SHARD.get(s), world,
          ShapesSettings.QUESTION_PERCENT.get(s));
    } catch (IllegalArgumentException e) {
      throw CoreErrors.error(CoreErrors.CONFIG_BAD_VALUE, "shapes settings are inconsistent: "
          + e.getMessage());
    }
  }

    public static JobSummary run(SparkSession spark, ShapesCorpusConfig config, RunId runId) {
    try (JobDescription job = JobDescription.of(spark, JOB)) {
      return execute(spark, config, runId);
    }
  }

  private static JobSummary execute(SparkSession spark, ShapesCorpusConfig config, RunId runId) {
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
    int questions = config.questionPercent();
    LongAccumulator rows = spark.sparkContext().longAccumulator(ProgressListener.ROWS_ACCUMULATOR);
    spark.sparkContext().setJobDescription("shapes: write " + shards.size() + " shards of " + perShard + " samples");
    List<Long> written = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(shards, Math.max(1, shards.size()))
        .map(shard -> {
          ShapesCorpusConfig c = new ShapesCorpusConfig(Path.of(output), seed, count, perShard, world, questions);
          try {
            ShapesCorpusWriter.writeShard(c, shard);
          } catch (IOException e) {
            throw new UncheckedIOException("writing shard " + c.shardPath(shard) + " failed", e);
          }
          long samples = ShapesCorpusWriter.samples(c, shard);
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
    extra.put("scenes", count);
    extra.put("question_percent", questions);
    return new JobSummary(JOB, runId.value(), started, Instant.now(), samples, samples, 0, Map.of(), Map.of(), Map.of(),
        extra);
  }
}
