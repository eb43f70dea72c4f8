package dev.synergen.core.testing;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.spark.SparkSessions;
import dev.synergen.core.spark.SparkSettings;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A real multi-JVM Spark cluster for tests ({@code local-cluster[workers,1,1024]}), built with the
 * recipe of DESIGN.md section 10: a fake SPARK_HOME whose {@code jars/} links every jar of the test
 * classpath, and the project's class directories packed into jars passed as {@code spark.jars}.
 *
 * <p>The JVM running the tests must have env {@code SPARK_HOME} pointing at {@link #sparkHome()}
 * and {@code SPARK_SCALA_VERSION=2.13} (set in surefire's environmentVariables). Only one
 * SparkContext may live in a JVM, so tests using this must run in their own surefire execution.
 */
public final class LocalClusterSpark {
  private LocalClusterSpark() {}

  public static Path sparkHome() {
    String env = System.getenv("SPARK_HOME");
    if (env == null || env.isBlank()) {
      throw new IllegalStateException("SPARK_HOME is not set; run local-cluster tests through Maven (surefire sets it)");
    }
    return Path.of(env);
  }

  public static SparkSession start(int workers, Path scratch, Map<String, String> extraConf) {
    try {
      List<String> classDirJars = prepareSparkHome(scratch);
      SparkSettings settings = new SparkSettings("local-cluster[" + workers + ",1,1024]", "synergen-cluster-tests", 4,
          true, merge(extraConf, Map.of(
              "spark.ui.enabled", "false",
              "spark.jars", String.join(",", classDirJars),
              "spark.executor.memory", "1g",
              "spark.sql.adaptive.enabled", "false")));
      return SparkSessions.getOrCreate(settings, new Lakehouse(scratch.resolve("lakehouse").toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new java.util.HashMap<>(b);
    out.putAll(a);
    return out;
  }

  private static List<String> prepareSparkHome(Path scratch) throws IOException {
    Path home = sparkHome();
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    if (!Files.exists(home.resolve("RELEASE"))) {
      Files.createFile(home.resolve("RELEASE"));
    }
    List<String> classDirJars = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      } else if (Files.isDirectory(p)) {
        Path jar = scratch.resolve("classes-" + (n++) + ".jar");
        jarDirectory(p, jar);
        classDirJars.add(jar.toAbsolutePath().toString());
      }
    }
    return classDirJars;
  }

  private static void jarDirectory(Path dir, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        jos.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, jos);
        jos.closeEntry();
      }
    }
  }
}
