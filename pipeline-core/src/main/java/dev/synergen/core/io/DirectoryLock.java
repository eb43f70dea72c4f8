package dev.synergen.core.io;

import dev.synergen.core.CoreErrors;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on an output directory ({@code <dir>/.synergen.lock}, an OS file lock), so two
 * runs never write one output. The OS drops the lock when its process dies, SIGKILL included, so a
 * crashed run never blocks the next; the file keeps who held it last, for the refusal's message.
 * Holds across processes on one host and on shared file systems with working POSIX locks (NFSv4).
 */
public final class DirectoryLock implements AutoCloseable {
  public static final String FILE = ".synergen.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code dir} (created if absent) for {@code holder}, or refuses naming who has it. */
  public static DirectoryLock acquire(Path dir, String holder) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this JVM holds it already: another run in the same process
    }
    if (lock == null) {
      String owner = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
      channel.close();
      throw CoreErrors.error(CoreErrors.OUTPUT_IN_USE, dir + " is in use by another run ("
          + (owner.isEmpty() ? "unknown holder" : owner) + "); wait for it to end, or choose another output");
    }
    String me = holder + " on " + host() + ", pid " + ProcessHandle.current().pid() + ", since " + Instant.now();
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
    return new DirectoryLock(channel, lock);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
