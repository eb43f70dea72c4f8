package dev.synergen.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.LocalClusterSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers in two executor JVMs of a real {@code local-cluster}, each given a GPU by Spark's
 * resource scheduling through a fake discovery script: the rows, the closure (Kryo and Java
 * serialization), the barrier calls and the exchange store all cross process boundaries, and each
 * worker maps its GPU address to a device, logs that libtorch has no CUDA here, and trains on the CPU.
 */
@Tag("e2e")
class DistributedTrainingClusterTest {
  @TempDir static Path scratch;
  private static SparkSession spark;

  @BeforeAll
  static void startCluster() throws Exception {
    Path script = scratch.resolve("gpus.sh");
    Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    spark = LocalClusterSpark.start(2, scratch, Map.of(
        "spark.worker.resource.gpu.amount", "2",
        "spark.worker.resource.gpu.discoveryScript", script.toString(),
        "spark.executor.resource.gpu.amount", "1",
        "spark.executor.resource.gpu.discoveryScript", script.toString(),
        "spark.task.resource.gpu.amount", "1",
        "spark.executorEnv.OMP_NUM_THREADS", "1"));
  }

  @AfterAll
  static void stopCluster() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void twoWorkersInTwoExecutorJvmsWithSparkAssignedGpusTrainAndExchange() throws Exception {
    TinyPipeline pipeline = TinyPipeline.build(spark, scratch.resolve("pipeline"), 16);
    Lakehouse uniform = new Lakehouse(scratch.resolve("uniform").toString());
    UniformSequences.write(spark, uniform, pipeline.tokenizers(), 32, 3);
    TrainConfig config = TrainConfig.builder(uniform).tokenizerDir(pipeline.tokenizers().toString()).preset("tiny")
        .outputDir(scratch.resolve("run").toString()).workers(2).batchSize(2).innerSteps(2).steps(4)
        .checkpointEvery(4).logEvery(2).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobSummary summary = TrainJob.run(spark, config, RunId.create(TrainJob.JOB),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(summary.balanced(), summary.toJson());
    assertEquals(16L, summary.accepted(), "2 rounds x 2 steps x 2 workers x 2 rows");

    Matcher placement = Pattern.compile("worker (\\d): executor (\\S+)@(\\d+), device cpu\\(\\) \\(Spark assigned GPU (\\d);"
        + " libtorch has no CUDA here, so it runs on the CPU\\)").matcher(log);
    TreeSet<String> workers = new TreeSet<>();
    TreeSet<String> jvms = new TreeSet<>();
    while (placement.find()) {
      workers.add(placement.group(1));
      jvms.add(placement.group(3));
    }
    assertEquals(Set2.of("0", "1"), workers, log);
    assertEquals(2, jvms.size(), "two executor JVMs: " + log);
    assertTrue(!jvms.contains(Long.toString(ProcessHandle.current().pid())), "not the driver JVM");
    assertTrue(Files.isRegularFile(scratch.resolve("run/step-0000004/model.safetensors")));
  }

  /** A sorted set literal. */
  private static final class Set2 {
    static TreeSet<String> of(String... values) {
      return new TreeSet<>(java.util.List.of(values));
    }
  }
}
