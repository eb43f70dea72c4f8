package dev.synergen.tokenization.shapes;

import dev.synergen.tokenization.corpus.WebDatasetShards;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the shapes world as WebDataset tar shards ({@code key.png}, {@code key.txt},
 * {@code key.json} per sample, and {@code key-question.*} after it for a scene that also gets a
 * question), each shard atomically: a crash leaves whole shards or none.
 *
 * <p>Entries carry a fixed time stamp and owner, so the same config gives byte-identical shards;
 * shard {@code i} holds samples {@code [i * samplesPerShard, (i + 1) * samplesPerShard)} and can be
 * written on its own (e.g. one Spark task per shard).
 */
public final class ShapesCorpusWriter {
  private ShapesCorpusWriter() {}

  public static List<Path> writeAll(ShapesCorpusConfig config) throws IOException {
    List<Path> shards = new ArrayList<>();
    for (int shard = 0; shard < config.shardCount(); shard++) {
      shards.add(writeShard(config, shard));
    }
    return shards;
  }

  /** The samples shard {@code shard} holds: its scenes' captions and their questions. */
  public static long samples(ShapesCorpusConfig config, int shard) {
    long first = config.firstScene(shard);
    long end = config.endScene(shard);
    long samples = end - first;
    for (long index = first; index < end; index++) {
      samples += PresenceQuestion.asked(config.seed(), index, config.questionPercent()) ? 1 : 0;
    }
    return samples;
  }

  public static Path writeShard(ShapesCorpusConfig config, int shard) throws IOException {
    long first = config.firstScene(shard);
    long end = config.endScene(shard);
    Path path = config.shardPath(shard);
    WebDatasetShards.write(path, members -> {
      for (long index = first; index < end; index++) {
        ShapesSample sample = ShapesSample.generate(config.world(), config.seed(), index);
        put(members, sample);
        ShapesSample question = ShapesSample.question(sample, config.seed(), index, config.questionPercent());
        if (question != null) {
          put(members, question);
        }
      }
    });
    return path;
  }

  private static void put(WebDatasetShards.Members members, ShapesSample sample) throws IOException {
    members.put(sample.key() + ".png", sample.png());
    members.put(sample.key() + ".txt", sample.captionBytes());
    members.put(sample.key() + ".json", sample.jsonBytes());
  }
}
