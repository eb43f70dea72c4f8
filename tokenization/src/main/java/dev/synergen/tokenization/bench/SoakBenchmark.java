package dev.synergen.tokenization.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Settings;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.SparkSessions;
import dev.synergen.core.spark.SparkSettings;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import dev.synergen.tokenization.shapes.ShapesSample;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.text.BpeEncodings;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.tokenize.TokenizeJob;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen bench soak}: {@code ingest} then {@code tokenize} over a large shapes-world corpus
 * with spoiled samples mixed in ({@link SoakCorpus}), in this JVM (driver and executor in one, so
 * its {@code -Xmx} is the executor heap): rows/s of each job, the peak heap, and the count that
 * must balance, input = accepted + rejected, with no spoiled sample accepted.
 */
public final class SoakBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 7;

  private SoakBenchmark() {}

  /**
   * @param pairs shapes-world pairs (the spoiled samples come on top)
   * @param hostileEvery one spoiled sample per this many pairs (100: 1%)
   * @param master Spark master (null: local[cores])
   * @param work directory for the shards and the lakehouse (null: a temporary one, deleted after)
   * @param out where to save the JSON report, or null
   */
  public record Options(long pairs, int hostileEvery, String master, Path work, Path out) {
    public Options {
      if (pairs < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "bench soak needs --pairs >= 1, got "
            + pairs);
      }
      if (hostileEvery < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "bench soak needs --hostile-every >= 1, got "
            + hostileEvery);
      }
    }
  }

  /** Runs the soak, printing progress to {@code log}; returns (and with {@code out} saves) the JSON report. */
  public static ObjectNode run(Options o, PrintStream log) throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    String master = o.master() != null ? o.master() : "local[" + cores + "]";
    Path work = o.work() != null ? o.work().toAbsolutePath() : Files.createTempDirectory("synergen-bench-soak");
    Files.createDirectories(work);
    ObjectNode report = JSON.createObjectNode();
    ObjectNode machine = report.putObject("machine");
    machine.put("cores", cores);
    machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    int hostile = (int) Math.max(1, o.pairs() / o.hostileEvery());
    ObjectNode settings = report.putObject("settings");
    settings.put("pairs", o.pairs());
    settings.put("hostile", hostile);
    settings.put("hostile_kinds", String.join(",", SoakCorpus.KINDS));
    settings.put("master", master);
    settings.put("image_size", ShapesWorldConfig.defaults().imageSize());
    try (HeapPeak heap = HeapPeak.start()) {
      Lakehouse lakehouse = new Lakehouse(work.resolve("lakehouse").toString());
      SparkSession spark = SparkSessions.getOrCreate(new SparkSettings(master, "bench-soak", 0, false,
          Map.of("spark.ui.enabled", "false")), lakehouse);
      Path shards = work.resolve("shards");
      long t0 = System.nanoTime();
      log.printf(Locale.ROOT, "soak: writing %,d shapes-world pairs and %,d spoiled samples to %s%n", o.pairs(),
          hostile, shards);
      ShapesJob.run(spark, new ShapesCorpusConfig(shards, SEED, o.pairs(), 1000, ShapesWorldConfig.defaults()),
          RunId.create("shapes"));
      SoakCorpus.write(shards, SEED + 1, hostile, 100);
      report.put("corpus_seconds", seconds(t0));

      long t1 = System.nanoTime();
      JobSummary ingest = IngestJob.run(spark, lakehouse,
          IngestConfig.from(Settings.of(Map.of("ingest.input", shards.toString()))), RunId.create("ingest"));
      ingest.print(log);
      job(report.putObject("ingest"), ingest, seconds(t1), cores);
      long spoiledAccepted = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS)
          .where(col("source_key").contains("hostile-")).count();
      report.put("spoiled_accepted", spoiledAccepted);
      ObjectNode spoiledRejects = report.putObject("spoiled_rejected_by_reason");
      DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).where(col("source_key").contains("hostile-"))
          .groupBy("reason_code").count().orderBy("reason_code").collectAsList()
          .forEach(r -> spoiledRejects.put(r.getString(0), r.getLong(1)));

      Path model = work.resolve("vq");
      try (VqTokenizer t = VqTokenizer.create(VqConfig.small(), 1)) {
        t.save(model);
      }
      Path remap = work.resolve("text_remap.json");
      List<VocabularyRemap.BpeCount> counts = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        for (int id : BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE,
            ShapesSample.generate(ShapesWorldConfig.defaults(), SEED, i).caption().text())) {
          counts.add(new VocabularyRemap.BpeCount(id, 1));
        }
      }
      VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 1000).save(remap);
      long t2 = System.nanoTime();
      JobSummary tokenize = TokenizeJob.run(spark, new TokenizeJob.Config(lakehouse, model.toString(),
          remap.toString(), 64, "cpu"));
      tokenize.print(log);
      job(report.putObject("tokenize"), tokenize, seconds(t2), cores);

      long input = o.pairs() + hostile;
      long lost = input - ingest.accepted() - ingest.alreadyPresent() - ingest.rejected();
      report.put("input_samples", input);
      report.put("lost", lost);
      report.put("peak_heap_mb", heap.peakBytes() >> 20);
      log.printf(Locale.ROOT, "soak: %,d samples in (%,d spoiled): ingest %,d accepted + %,d rejected, lost %d, "
              + "spoiled accepted %d; tokenize %,d rows; %.0f and %.0f rows/s; peak heap %,d MB of %,d MB%n",
          input, hostile, ingest.accepted(), ingest.rejected(), lost, spoiledAccepted, tokenize.accepted(),
          report.get("ingest").get("rows_per_s").asDouble(), report.get("tokenize").get("rows_per_s").asDouble(),
          heap.peakBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      if (o.work() == null) {
        BenchFiles.deleteRecursively(work);
      }
    }
    return BenchFiles.saved(report, o.out());
  }

  private static void job(ObjectNode node, JobSummary s, double seconds, int cores) {
    node.put("input", s.input());
    node.put("accepted", s.accepted());
    node.put("already_present", s.alreadyPresent());
    node.put("rejected", s.rejected());
    node.set("rejected_by_reason", JSON.valueToTree(s.rejectedByReason()));
    node.put("balanced", s.balanced());
    node.put("seconds", seconds);
    node.put("rows_per_s", s.input() / seconds);
    node.put("rows_per_s_per_core", s.input() / seconds / cores);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
