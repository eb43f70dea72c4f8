package dev.synergen.tokenization.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen bench ingest}: rows/s of {@code ingest} from WebDataset shards to {@code raw_pairs}
 * at several image sizes, side by side in one Spark session, with the PNG bytes the rows hold so a
 * reader sees how much of the difference is decoding and re-encoding larger images.
 */
public final class IngestBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 11;

  private IngestBenchmark() {}

  /**
   * @param pairs shapes-world pairs per image size
   * @param sizes image sides in pixels, measured in this order after a warm-up run
   * @param master Spark master (null: local[cores])
   * @param work directory for the shards and lakehouses (null: a temporary one, deleted after)
   * @param out where to save the JSON report, or null
   */
  public record Options(long pairs, List<Integer> sizes, String master, Path work, Path out) {
    public Options {
      if (pairs < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "bench ingest needs --pairs >= 1, got "
            + pairs);
      }
      if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 32 || s > 4096)) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID,
            "bench ingest needs --sizes between 32 and 4096 px, got " + sizes);
      }
      sizes = List.copyOf(sizes);
    }
  }

  /** Runs the benchmark, printing progress to {@code log}; returns (and with {@code out} saves) the JSON report. */
  public static ObjectNode run(Options o, PrintStream log) throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    String master = o.master() != null ? o.master() : "local[" + cores + "]";
    Path work = o.work() != null ? o.work().toAbsolutePath() : Files.createTempDirectory("synergen-bench-ingest");
    Files.createDirectories(work);
    ObjectNode report = JSON.createObjectNode();
    report.putObject("machine").put("cores", cores).put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    report.putObject("settings").put("pairs", o.pairs()).put("master", master)
        .set("sizes", JSON.valueToTree(o.sizes()));
    ArrayNode runs = report.putArray("runs");
    try {
      SparkSession spark = SparkSessions.getOrCreate(new SparkSettings(master, "bench-ingest", 0, false,
          Map.of("spark.ui.enabled", "false")), new Lakehouse(work.resolve("scratch").toString()));
      // JIT and Spark's first-job costs land in a run nobody reads, not in the first size measured
      ingest(spark, work, "warmup", o.sizes().get(0), Math.min(o.pairs(), 500), log);
      for (int size : o.sizes()) {
        runs.add(ingest(spark, work, "px" + size, size, o.pairs(), log).put("cores", cores));
      }
      ObjectNode first = (ObjectNode) runs.get(0);
      for (int i = 0; i < runs.size(); i++) {
        ObjectNode r = (ObjectNode) runs.get(i);
        r.put("rows_per_s_per_core", r.get("rows_per_s").asDouble() / cores);
        r.put("time_ratio_to_first", first.get("rows_per_s").asDouble() / r.get("rows_per_s").asDouble());
        r.put("bytes_ratio_to_first", r.get("image_bytes").asDouble() / first.get("image_bytes").asDouble());
        log.printf(Locale.ROOT, "ingest %4d px: %,8.0f rows/s (%,.0f per core), %,.1f MB/s of shards; %.2fx the "
                + "time per row of %d px for %.2fx its PNG bytes%n", o.sizes().get(i), r.get("rows_per_s").asDouble(),
            r.get("rows_per_s_per_core").asDouble(), r.get("shard_mb_per_s").asDouble(),
            r.get("time_ratio_to_first").asDouble(), o.sizes().get(0), r.get("bytes_ratio_to_first").asDouble());
      }
    } finally {
      if (o.work() == null) {
        BenchFiles.deleteRecursively(work);
      }
    }
    return BenchFiles.saved(report, o.out());
  }

  private static ObjectNode ingest(SparkSession spark, Path work, String name, int size, long pairs, PrintStream log)
      throws IOException {
    Path shards = work.resolve(name).resolve("shards");
    // the default 3x3 world from 64 px up; below, 2x2 keeps its smallest objects 6 px wide
    ShapesWorldConfig world = new ShapesWorldConfig(size, size >= 64 ? 3 : 2, 1, 4);
    ShapesJob.run(spark, new ShapesCorpusConfig(shards, SEED, pairs, 1000, world), RunId.create("shapes"));
    long bytes;
    try (Stream<Path> files = Files.list(shards)) {
      bytes = files.mapToLong(f -> f.toFile().length()).sum();
    }
    Lakehouse lakehouse = new Lakehouse(work.resolve(name).resolve("lakehouse").toString());
    log.printf(Locale.ROOT, "ingest %s: %,d pairs at %d px (%,.1f MB of shards)%n", name, pairs, size, bytes / 1e6);
    long t0 = System.nanoTime();
    JobSummary s = IngestJob.run(spark, lakehouse, IngestConfig.from(Settings.of(Map.of("ingest.input",
        shards.toString()))), RunId.create("ingest"));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!s.balanced()) {
      throw new IllegalStateException("bench ingest: " + name + " did not balance: " + s.toJson());
    }
    Row images = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS)
        .agg(sum(length(col("image"))), min("width"), max("width")).first();
    ObjectNode r = JSON.createObjectNode();
    r.put("image_size", size);
    r.put("image_bytes", images.isNullAt(0) ? 0 : images.getLong(0));
    r.put("width_min", images.isNullAt(1) ? 0 : images.getInt(1));
    r.put("width_max", images.isNullAt(2) ? 0 : images.getInt(2));
    r.put("input", s.input());
    r.put("accepted", s.accepted());
    r.put("rejected", s.rejected());
    r.put("seconds", seconds);
    r.put("rows_per_s", s.input() / seconds);
    r.put("shard_bytes", bytes);
    r.put("shard_mb_per_s", bytes / 1e6 / seconds);
    return r;
  }
}
