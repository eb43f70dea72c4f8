package dev.synergen.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run per output directory, across threads and processes; a SIGKILLed holder frees it. */
class DirectoryLockTest {
  @TempDir Path dir;

  @Test
  void aSecondRunIsRefusedNamingTheHolderAndMayStartOnceTheFirstEnds() throws Exception {
    try (DirectoryLock first = DirectoryLock.acquire(dir, "run A")) {
      PipelineException e = assertThrows(PipelineException.class, () -> DirectoryLock.acquire(dir, "run B"));
      assertEquals(CoreErrors.OUTPUT_IN_USE.code(), e.errorClass());
      assertTrue(e.getMessage().contains("in use by another run (run A on "), e.getMessage());
    }
    try (DirectoryLock again = DirectoryLock.acquire(dir, "run B")) {
      assertTrue(again != null);
    }
  }

  @Test
  void aLockHeldByAnotherProcessIsRefusedAndFreedWhenThatProcessIsKilled() throws Exception {
    Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString()))
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine(), "the child took the lock");
      PipelineException e = assertThrows(PipelineException.class, () -> DirectoryLock.acquire(dir, "run B"));
      assertTrue(e.getMessage().contains("child run on ") && e.getMessage().contains("pid " + child.pid()),
          e.getMessage());
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no release
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    try (DirectoryLock after = DirectoryLock.acquire(dir, "run B")) {
      assertTrue(after != null, "the kernel released the dead holder's lock");
    }
  }

  /** The other process: takes the lock, says so, and waits to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "child run");
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(120_000);
      lock.close();
    }
  }
}
