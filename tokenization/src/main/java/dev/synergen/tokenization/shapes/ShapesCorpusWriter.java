package dev.synergen.tokenization.shapes;

import dev.synergen.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the shapes world as WebDataset tar shards ({@code key.png}, {@code key.txt},
 * {@code key.json} per sample), each shard atomically: a crash leaves whole shards or none.
 *
 * <p>Entries carry a fixed time stamp and owner, so the same config gives byte-identical shards;
 * shard {@code i} holds samples {@code [i * samplesPerShard, (i + 1) * samplesPerShard)} and can be
 * written on its own (e.g. one Spark task per shard).
 */
public final class ShapesCorpusWriter {
  /** 2024-01-01T00:00:00Z: a fixed, plausible mtime (tools warn about 1970). */
  private static final long ENTRY_MTIME_MILLIS = 1_704_067_200_000L;

  private ShapesCorpusWriter() {}

  public static List<Path> writeAll(ShapesCorpusConfig config) throws IOException {
    List<Path> shards = new ArrayList<>();
    for (int shard = 0; shard < config.shardCount(); shard++) {
      shards.add(writeShard(config, shard));
    }
    return shards;
  }

  public static Path writeShard(ShapesCorpusConfig config, int shard) throws IOException {
    if (shard < 0 || shard >= config.shardCount()) {
      throw new IllegalArgumentException("shard must be in [0, " + config.shardCount() + "), got " + shard);
    }
    long first = (long) shard * config.samplesPerShard();
    long end = Math.min(config.count(), first + config.samplesPerShard());
    Path path = config.shardPath(shard);
    AtomicFiles.write(path, channel -> {
      // finish(), not close(): closing would close the channel before AtomicFiles fsyncs it
      OutputStream out = Channels.newOutputStream(channel);
      TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (long index = first; index < end; index++) {
        ShapesSample sample = ShapesSample.generate(config.world(), config.seed(), index);
        put(tar, sample.key() + ".png", sample.png());
        put(tar, sample.key() + ".txt", sample.captionBytes());
        put(tar, sample.key() + ".json", sample.jsonBytes());
      }
      tar.finish();
      tar.flush();
    });
    return path;
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setMode(0100644);
    entry.setModTime(ENTRY_MTIME_MILLIS);
    entry.setIds(0, 0);
    entry.setNames("", "");
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
