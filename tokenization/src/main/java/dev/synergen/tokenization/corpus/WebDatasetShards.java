package dev.synergen.tokenization.corpus;

import dev.synergen.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one WebDataset tar shard ({@code key.ext} members) atomically, so a crash leaves whole
 * shards or none; members carry a fixed time stamp and owner, so the same samples give
 * byte-identical shards.
 */
public final class WebDatasetShards {
  /** 2024-01-01T00:00:00Z: a fixed, plausible mtime (tools warn about 1970). */
  private static final long ENTRY_MTIME_MILLIS = 1_704_067_200_000L;

  /** Adds members to the shard being written. */
  public static final class Members {
    private final TarArchiveOutputStream tar;

    private Members(TarArchiveOutputStream tar) {
      this.tar = tar;
    }

    public void put(String name, byte[] bytes) throws IOException {
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

  /** What goes into one shard. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Members members) throws IOException;
  }

  private WebDatasetShards() {}

  public static Path write(Path shard, Content content) throws IOException {
    AtomicFiles.write(shard, channel -> {
      // finish(), not close(): closing would close the channel before AtomicFiles fsyncs it
      OutputStream out = Channels.newOutputStream(channel);
      TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      content.writeTo(new Members(tar));
      tar.finish();
      tar.flush();
    });
    return shard;
  }
}
