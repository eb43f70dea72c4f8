package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/synergen submit} leaves Spark to the cluster and ships what its distribution lacks. */
class SubmitCommandTest {
  @TempDir Path dir;

  @Test
  void theSubmitCommandShipsOnlyTheJarsTheClustersSparkDoesNotHaveWhateverTheirVersions() throws Exception {
    Path sparkHome = Files.createDirectories(dir.resolve("spark-4.0.0"));
    Files.createDirectories(sparkHome.resolve("jars"));
    for (String jar : List.of("spark-core_2.13-4.0.0.jar", "spark-sql_2.13-4.0.0.jar", "scala-library-2.13.14.jar",
        "hadoop-client-api-3.4.1.jar", "jackson-databind-2.18.2.jar")) {
      Files.createFile(sparkHome.resolve("jars").resolve(jar));
    }
    Path lib = Files.createDirectories(dir.resolve("lib"));
    for (String jar : List.of("spark-core_2.13-4.0.1.jar", "spark-sql_2.13-4.0.1.jar", "scala-library-2.13.16.jar",
        "hadoop-client-api-3.4.1.jar", "jackson-databind-2.18.2.jar", "delta-spark_2.13-4.0.0.jar",
        "api-0.36.0.jar", "pytorch-native-cpu-2.7.1-linux-x86_64.jar", "picocli-4.7.7.jar", "training-0.1.0-SNAPSHOT.jar")) {
      Files.createFile(lib.resolve(jar));
    }
    Path script = Path.of("").toAbsolutePath().getParent().resolve("bin/synergen");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "submit", "--master", "yarn",
        "--conf", "spark.task.resource.gpu.amount=1", "--", "train", "--workers", "4");
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SYNERGEN_SKIP_BUILD", "1");
    pb.environment().put("SYNERGEN_JAR", dir.resolve("synergen-jobs.jar").toString());
    pb.environment().put("SYNERGEN_LIB", lib.toString());
    pb.environment().put("SYNERGEN_SUBMIT_DRY_RUN", "1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), printed);
    List<String> words = Arrays.asList(printed.split(" "));
    assertEquals(sparkHome.resolve("bin/spark-submit").toString(), words.get(0));
    String jars = words.get(words.indexOf("--jars") + 1);
    List<String> shipped = Arrays.stream(jars.split("\\\\?,")).map(j -> Path.of(j).getFileName().toString()).sorted()
        .toList();
    assertEquals(List.of("api-0.36.0.jar", "delta-spark_2.13-4.0.0.jar", "picocli-4.7.7.jar",
        "pytorch-native-cpu-2.7.1-linux-x86_64.jar", "training-0.1.0-SNAPSHOT.jar"), shipped);
    assertFalse(jars.contains("spark-core"), "the cluster's own Spark stays");
    assertTrue(printed.endsWith("--master yarn --conf spark.task.resource.gpu.amount=1 "
        + dir.resolve("synergen-jobs.jar") + " train --workers 4"), printed);
    assertTrue(printed.contains("--class dev.synergen.jobs.Main"), printed);
  }
}
