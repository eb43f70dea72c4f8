package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFreshTest {
  @TempDir Path dir;

  private Path demoLeftovers() throws Exception {
    Path work = Files.createDirectories(dir.resolve("demo"));
    Files.createDirectories(work.resolve("run/s1/step-0000006"));
    Files.writeString(work.resolve("report.html"), "<html>");
    Path lake = Files.createDirectories(dir.resolve("lakehouse"));
    Files.createDirectories(lake.resolve("raw_pairs/_delta_log"));
    Files.createDirectories(lake.resolve("_artifacts/tokenizer"));
    return lake;
  }

  @Test
  void freshDeletesTheWorkDirectoryAndTheLakehouseAnEarlierDemoWrote() throws Exception {
    Path lake = demoLeftovers();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoFresh.clear(dir.resolve("demo"), new Lakehouse(lake.toString()), new PrintStream(out, true));
    assertFalse(Files.exists(dir.resolve("demo")));
    assertFalse(Files.exists(lake));
    assertTrue(out.toString().contains("--fresh: deleted " + lake), out.toString());
  }

  @Test
  void freshRefusesALakehouseHoldingAnythingTheDemoDoesNotWriteAndDeletesNothing() throws Exception {
    Path lake = demoLeftovers();
    Files.writeString(lake.resolve("customers.parquet"), "not ours");
    var e = assertThrows(IllegalArgumentException.class,
        () -> DemoFresh.clear(dir.resolve("demo"), new Lakehouse(lake.toString()), System.out));
    assertTrue(e.getMessage().contains("which holds [customers.parquet]: not written by the demo"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("demo/report.html")), "the work directory is checked first, then deleted");
    assertTrue(Files.exists(lake.resolve("raw_pairs/_delta_log")));
  }

  @Test
  void freshOnAFirstRunHasNothingToDelete() throws Exception {
    DemoFresh.clear(dir.resolve("none"), new Lakehouse(dir.resolve("nolake").toString()), System.out);
    assertFalse(Files.exists(dir.resolve("none")));
  }
}
