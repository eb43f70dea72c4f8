package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.fixtures.TinyTokenizers;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest} and {@code tokenize} killed in a child JVM, then re-run: the tables equal an
 * uninterrupted run's as sets of rows. A kill is the process dying with no finally block and no
 * shutdown hook: {@code Runtime.halt} at a fault point inside a Delta MERGE (tasks run in the
 * driver's JVM under local[2], so the whole process stops mid-commit), or SIGKILL at a seeded time.
 * Exceptions inside the test JVM are not used as crashes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessKillTest {
  private static final long SEED = 20261201L;
  private final SparkSession spark = TestSpark.session();
  private Path dir;
  private Path shards;
  private Path tokenizer;
  private Lakehouse clean;

  @BeforeAll
  void uninterruptedRun(@TempDir Path dir) throws Exception {
    this.dir = dir;
    shards = dir.resolve("shards");
    assertEquals(0, CliRun.of("shapes", "--master", "local[2]", "--output", shards.toString(), "--count", "96",
        "--samples-per-shard", "12", "--seed", "5").exit());
    clean = TestSpark.lakehouse(dir.resolve("clean"));
    ingest(clean);
    List<String> captions = DeltaTables.read(spark, clean, PipelineTables.RAW_PAIRS).select("caption")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    tokenizer = TinyTokenizers.directory(dir.resolve("tokenizer"), 1, captions.toArray(String[]::new));
    tokenize(clean);
  }

  private String[] ingestArgs(Lakehouse lakehouse, String faults) {
    return new String[] {"ingest", shards.toString(), "--master", "local[2]", "--lakehouse", lakehouse.root(),
        "--conf", "ingest.units_per_commit=2", "--conf", "ingest.faults=" + faults};
  }

  private String[] tokenizeArgs(Lakehouse lakehouse, String faults) {
    return new String[] {"tokenize", "--master", "local[2]", "--lakehouse", lakehouse.root(),
        "--conf", "tokenize.tokenizer=" + tokenizer, "--conf", "tokenize.rows_per_commit=24",
        "--conf", "tokenize.faults=" + faults};
  }

  /** The uninterrupted run (or the re-run after a kill), in this JVM. */
  private void ingest(Lakehouse lakehouse) {
    CliRun r = CliRun.of(ingestArgs(lakehouse, ""));
    assertEquals(0, r.exit(), r.err());
  }

  private void tokenize(Lakehouse lakehouse) {
    CliRun r = CliRun.of(tokenizeArgs(lakehouse, ""));
    assertEquals(0, r.exit(), r.err());
  }

  /** The command in a JVM of its own, with this JVM's flags and classpath. */
  private static Process launch(String[] args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("--add-exports") || flag.startsWith("-D")
          || flag.startsWith("-Xss")) {
        command.add(flag);
      }
    }
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(File.createTempFile("synergen-child", ".log")).start();
  }

  private static int exitOf(Process p) throws Exception {
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child ended");
    return p.exitValue();
  }

  private List<String> rows(Lakehouse lakehouse, TableSpec spec, String... columns) {
    return DeltaTables.read(spark, lakehouse, spec).selectExpr(columns).collectAsList().stream()
        .map(Row::toString).sorted().toList();
  }

  private void assertSameAsClean(Lakehouse crashed) {
    assertEquals(rows(clean, PipelineTables.RAW_PAIRS, "pair_id", "source_key", "caption", "split"),
        rows(crashed, PipelineTables.RAW_PAIRS, "pair_id", "source_key", "caption", "split"));
    assertEquals(rows(clean, PipelineTables.REJECTS, "stage", "source_key", "reason_code"),
        rows(crashed, PipelineTables.REJECTS, "stage", "source_key", "reason_code"));
    if (DeltaTables.exists(spark, crashed, PipelineTables.TOKENIZED_PAIRS)) {
      assertEquals(rows(clean, PipelineTables.TOKENIZED_PAIRS, "pair_id", "text_tokenizer", "string(image_codes)",
          "string(text_ids)"), rows(crashed, PipelineTables.TOKENIZED_PAIRS, "pair_id", "text_tokenizer",
          "string(image_codes)", "string(text_ids)"));
    }
  }

  @Test
  void ingestAndTokenizeSigkilledAtSeededTimesThenReRunEqualAnUninterruptedRun() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    Lakehouse crashed = TestSpark.lakehouse(dir.resolve("sigkill"));
    // a kill 6-20 s after launch lands in Spark's start-up, a read or a commit; where it lands is printed
    long ingestKill = 6_000 + random.nextLong(14_000);
    Process p = launch(ingestArgs(crashed, ""));
    boolean ended = p.waitFor(ingestKill, TimeUnit.MILLISECONDS);
    p.destroyForcibly();
    exitOf(p);
    System.out.printf("ingest: SIGKILL after %d ms (%s)%n", ingestKill, ended ? "it had finished" : "killed");
    ingest(crashed);

    long tokenizeKill = 6_000 + random.nextLong(14_000);
    p = launch(tokenizeArgs(crashed, ""));
    ended = p.waitFor(tokenizeKill, TimeUnit.MILLISECONDS);
    p.destroyForcibly();
    exitOf(p);
    System.out.printf("tokenize: SIGKILL after %d ms (%s)%n", tokenizeKill, ended ? "it had finished" : "killed");
    tokenize(crashed);
    assertSameAsClean(crashed);
  }

  @Test
  void tokenizeHaltedInsideTheSecondCommitThenReRunEqualsAnUninterruptedRun() throws Exception {
    Lakehouse crashed = TestSpark.lakehouse(dir.resolve("tokenize-halt"));
    ingest(crashed);
    Process p = launch(tokenizeArgs(crashed, "delta_write:batch=1,table=0!halt"));
    assertEquals(137, exitOf(p), "halted in the MERGE of the second batch");
    long kept = DeltaTables.read(spark, crashed, PipelineTables.TOKENIZED_PAIRS).count();
    assertTrue(kept > 0 && kept < 96, kept + " pairs: the first batch stands, the second is not visible");
    tokenize(crashed);
    assertSameAsClean(crashed);
  }
}
