package dev.synergen.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  /** pid_max on Linux is at most 2^22: this pid belongs to no process. */
  private static final long DEAD_PID = Integer.MAX_VALUE;

  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A temporary file of {@code target} as a writer on {@code host} with {@code pid} would have left it. */
  private Path leftover(String target, String host, long pid) throws IOException {
    String mine = TempName.of(target, UUID.randomUUID());
    TempName parsed = TempName.parse(target, mine);
    String name = mine.replace(TempName.MARK + parsed.host() + "." + parsed.pid() + ".",
        TempName.MARK + host + "." + pid + ".");
    return Files.writeString(dir.resolve(name), "half a checkpoint");
  }

  private static String thisHost() {
    return TempName.parse("x", TempName.of("x", UUID.randomUUID())).host();
  }

  @Test
  void aWriteReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    AtomicFiles.writeString(dir.resolve("model.safetensors"), "old");
    AtomicFiles.writeString(dir.resolve("model.safetensors"), "new");
    assertEquals("new", Files.readString(dir.resolve("model.safetensors")));
    assertEquals(List.of("model.safetensors"), names());
  }

  @Test
  void aFailingWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws IOException {
    AtomicFiles.writeString(dir.resolve("a.json"), "old");
    assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("a.json"), channel -> {
      channel.write(java.nio.ByteBuffer.wrap("half".getBytes()));
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(dir.resolve("a.json")));
    assertEquals(List.of("a.json"), names());
  }

  @Test
  void temporaryNamesSayWhichTargetHostAndProcessTheyBelongTo() {
    String name = TempName.of("model.safetensors", UUID.randomUUID());
    assertTrue(name.startsWith(".model.safetensors.synergen-tmp."), name);
    TempName parsed = TempName.parse("model.safetensors", name);
    assertEquals(ProcessHandle.current().pid(), parsed.pid());
    assertEquals(null, TempName.parse("model.safetensors", ".model.safetensors.tmp-" + UUID.randomUUID()));
    assertEquals(null, TempName.parse("other", name));
  }

  @Test
  void theNextWriteOfATargetRemovesTheTemporaryFilesOfItsDeadWritersOnly() throws IOException {
    Path killed = leftover("model.safetensors", thisHost(), DEAD_PID);
    Path running = leftover("model.safetensors", thisHost(), ProcessHandle.current().pid());
    Path otherHost = leftover("model.safetensors", "another-node", DEAD_PID);
    Path otherTarget = leftover("optimizer.safetensors", thisHost(), DEAD_PID);

    AtomicFiles.writeString(dir.resolve("model.safetensors"), "weights");

    assertTrue(Files.notExists(killed), "a SIGKILLed writer's temporary file is gone");
    assertTrue(Files.exists(running), "a live writer's temporary file is left to it");
    assertTrue(Files.exists(otherHost), "pids of other hosts say nothing here");
    assertTrue(Files.exists(otherTarget), "only the target's own temporary files are touched");
    assertEquals("weights", Files.readString(dir.resolve("model.safetensors")));
  }

  @Test
  void targetNamesWithGlobCharactersAreMatchedLiterally() throws IOException {
    Path killed = leftover("run[1]*.json", thisHost(), DEAD_PID);
    Path similar = leftover("run1x.json", thisHost(), DEAD_PID);
    assertEquals(1, AtomicFiles.removeStaleTemps(dir, "run[1]*.json"));
    assertTrue(Files.notExists(killed));
    assertTrue(Files.exists(similar));
  }
}
