package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code synergen} command in a JVM of its own (this JVM's flags and classpath), to be killed. */
final class ChildJvm {
  private ChildJvm() {}

  static Process launch(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("--add-exports") || flag.startsWith("-D")
          || flag.startsWith("-Xss")) {
        command.add(flag);
      }
    }
    command.add("-Xmx1g");
    // children live for seconds and two run at once on CI's 2 cores: C2 compiles and parallel GC threads
    // would take CPU from the work (float results do not depend on the JIT tier)
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(File.createTempFile("synergen-child", ".log")).start();
  }

  static int exitOf(Process p) throws Exception {
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child ended");
    return p.exitValue();
  }
}
