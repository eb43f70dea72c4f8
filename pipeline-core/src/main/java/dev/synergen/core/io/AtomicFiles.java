package dev.synergen.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that readers see either the old file or the complete new one, never a half, and
 * so that the new one survives a power loss once {@link #write} returns: the data is fsynced, the
 * temporary file renamed over the target, then the directory fsynced (the rename lives in it).
 *
 * <p>A process killed mid-write leaves its temporary file behind (GBs for weights). Temporary names
 * are recognisable ({@link TempName}: target, host and pid of the writer), and every write removes
 * the stale ones of its target: those whose writer on this host is no longer alive.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Body of a write into an open channel. */
  @FunctionalInterface
  public interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  public static void write(Path target, ChannelWriter body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String name = target.getFileName().toString();
    removeStaleTemps(dir, name);
    Path temp = dir.resolve(TempName.of(name, UUID.randomUUID()));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        body.write(channel);
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  public static void writeString(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, channel -> {
      var buffer = java.nio.ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    });
  }

  /** Deletes the temporary files of {@code target} left by writers that died; returns how many. */
  public static int removeStaleTemps(Path dir, String target) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, TempName.glob(target))) {
      for (Path temp : temps) {
        TempName parsed = TempName.parse(target, temp.getFileName().toString());
        if (parsed != null && parsed.writerIsGone() && Files.deleteIfExists(temp)) {
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * Makes a rename durable. Linux and macOS allow opening a directory for reading and fsyncing it;
   * where the platform refuses (Windows), the rename is as durable as the file system makes it.
   */
  static void fsyncDirectory(Path dir) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    try (channel) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems (and all of Windows) refuse fsync on a directory handle: nothing more can be done
    }
  }
}
