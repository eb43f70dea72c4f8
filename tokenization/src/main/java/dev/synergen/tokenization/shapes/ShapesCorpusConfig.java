package dev.synergen.tokenization.shapes;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code synergen shapes} writes.
 *
 * @param outputDir directory receiving {@code shapes-000000.tar}, {@code shapes-000001.tar}, ...
 * @param seed scene seed; the same seed gives byte-identical shards
 * @param count number of scenes, each a caption sample
 * @param samplesPerShard scenes per tar shard (the last shard may hold fewer)
 * @param world image and grid geometry
 * @param questionPercent share of scenes (0-100) that also get a presence question sample (VQA)
 */
public record ShapesCorpusConfig(Path outputDir, long seed, long count, int samplesPerShard, ShapesWorldConfig world,
    int questionPercent) {
  public ShapesCorpusConfig {
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(world, "world");
    if (count < 1) {
      throw new IllegalArgumentException("shapes corpus count must be >= 1, got " + count);
    }
    if (samplesPerShard < 1) {
      throw new IllegalArgumentException("samplesPerShard must be >= 1, got " + samplesPerShard);
    }
    if (questionPercent < 0 || questionPercent > 100) {
      throw new IllegalArgumentException("questionPercent must be in [0, 100], got " + questionPercent);
    }
  }

  /** A corpus of captions only. */
  public ShapesCorpusConfig(Path outputDir, long seed, long count, int samplesPerShard, ShapesWorldConfig world) {
    this(outputDir, seed, count, samplesPerShard, world, 0);
  }

  public int shardCount() {
    return (int) ((count + samplesPerShard - 1) / samplesPerShard);
  }

  /** The first scene of shard {@code shard}. */
  public long firstScene(int shard) {
    if (shard < 0 || shard >= shardCount()) {
      throw new IllegalArgumentException("shard must be in [0, " + shardCount() + "), got " + shard);
    }
    return (long) shard * samplesPerShard;
  }

  /** One past the last scene of shard {@code shard}: the last shard may hold fewer. */
  public long endScene(int shard) {
    return Math.min(count, firstScene(shard) + samplesPerShard);
  }

  public Path shardPath(int shard) {
    return outputDir.resolve(String.format("shapes-%06d.tar", shard));
  }
}
