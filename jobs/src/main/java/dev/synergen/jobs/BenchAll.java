package dev.synergen.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.spark.SparkSettings;
import dev.synergen.tokenization.bench.IngestBenchmark;
import dev.synergen.tokenization.bench.TokenizeBenchmark;
import dev.synergen.tokenization.bench.VqBenchmark;
import dev.synergen.training.bench.ModelBenchmark;
import dev.synergen.training.bench.TrainBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen bench all}: every benchmark in one run on one machine, saved as
 * {@code <dir>/<date>-<host>.json} with a markdown table beside it ({@link BenchTable}).
 */
final class BenchAll {
  static final List<String> NAMES = List.of("model", "vq", "tokenize", "ingest", "train");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sizes of each benchmark; {@link #quick} trades precision for a run of a few minutes. */
  record Sizes(int modelSteps, int modelImages, double vqMinutes, int tokenizeImages, long ingestPairs,
      long trainSamples) {
    Sizes {
      if (modelSteps < 1 || modelImages < 1 || !(vqMinutes > 0) || tokenizeImages < 1 || ingestPairs < 1
          || trainSamples < 1) {
        throw new IllegalArgumentException("bench all: every size must be positive");
      }
    }

    static Sizes standard(double vqMinutes) {
      return new Sizes(4, 2, vqMinutes, 10_000, 20_000, 4_800);
    }

    static Sizes quick(double vqMinutes) {
      return new Sizes(2, 1, vqMinutes, 2_000, 4_000, 1_600);
    }
  }

  /** What one run measures and where it saves; the train benchmark reads the lakehouse's sequences. */
  record Request(Sizes sizes, Set<String> skip, Lakehouse lakehouse, Path tokenizer, String preset, Path dir) {
    Request {
      for (String s : skip) {
        if (!NAMES.contains(s)) {
          throw new IllegalArgumentException("bench all: --skip takes " + String.join(", ", NAMES) + "; got '" + s
              + "'");
        }
      }
    }
  }

  /** The two files a run writes. */
  record Saved(Path json, Path markdown, int failed) {}

  private interface Benchmark {
    ObjectNode run(Path dir) throws Exception;
  }

  private BenchAll() {}

  static Saved run(Request request, PrintStream log) throws IOException {
    String stamp = LocalDate.now(ZoneOffset.UTC) + "-" + host();
    Path dir = Files.createDirectories(request.dir().toAbsolutePath());
    Path parts = Files.createDirectories(dir.resolve(stamp));
    Sizes sizes = request.sizes();
    ObjectNode all = JSON.createObjectNode();
    all.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    all.put("host", host());
    all.put("started", Instant.now().toString());
    all.set("machine", machine());
    all.set("sizes", JSON.valueToTree(sizes));
    ObjectNode results = all.putObject("benchmarks");
    int failed = 0;
    for (String name : NAMES) {
      ObjectNode entry = results.putObject(name);
      if (request.skip().contains(name)) {
        entry.put("skipped", "--skip " + name);
        continue;
      }
      log.printf(Locale.ROOT, "%n== bench %s ==%n", name);
      long start = System.nanoTime();
      try {
        ObjectNode report = benchmark(name, request, log).run(parts);
        if (report == null) {
          entry.put("skipped", "no sequences table in " + request.lakehouse().root()
              + ": run synergen demo (or ingest, tokenizer-train, tokenize, pack) there first, or pass --lakehouse");
        } else {
          entry.set("report", report);
        }
      } catch (Exception e) {
        failed++;
        entry.put("failed", e.getClass().getSimpleName() + ": " + e.getMessage());
        log.println("bench " + name + " failed: " + e);
      } finally {
        stopSpark();
      }
      entry.put("seconds", (System.nanoTime() - start) / 1e9);
      log.printf(Locale.ROOT, "bench %s: %s in %.0f s%n", name, entry.has("report") ? "done"
          : entry.has("failed") ? "FAILED" : "skipped", entry.get("seconds").asDouble());
    }
    all.put("finished", Instant.now().toString());
    Path json = dir.resolve(stamp + ".json");
    Path markdown = dir.resolve(stamp + ".md");
    AtomicFiles.writeString(json, all.toPrettyString());
    AtomicFiles.writeString(markdown, BenchTable.markdown(all));
    return new Saved(json, markdown, failed);
  }

  private static Benchmark benchmark(String name, Request r, PrintStream log) {
    Sizes s = r.sizes();
    return switch (name) {
      case "model" -> dir -> new ModelBenchmark(new ModelBenchmark.Options(32, s.modelSteps(), 16, 4096, 0,
          s.modelImages(), "all", dir.resolve("model.json"), null)).run();
      case "vq" -> dir -> VqBenchmark.run(new VqBenchmark.Options("small", null, null, null, null, null,
          s.vqMinutes(), 32, 20_000, 512, 1, "shapes-world", null, null, null, dir.resolve("vq")));
      case "tokenize" -> dir -> TokenizeBenchmark.run(new TokenizeBenchmark.Options(s.tokenizeImages(), 64, null,
          null, dir.resolve("tokenize.json")), log);
      case "ingest" -> dir -> IngestBenchmark.run(new IngestBenchmark.Options(s.ingestPairs(), List.of(64, 256), null,
          null, dir.resolve("ingest.json")), log);
      case "train" -> dir -> train(r, s, dir, log);
      default -> throw new IllegalStateException("unknown benchmark " + name);
    };
  }

  /** Null when the lakehouse has no sequences to train on. */
  private static ObjectNode train(Request r, Sizes s, Path dir, PrintStream log) throws IOException {
    Lakehouse lh = r.lakehouse();
    try (JobContext ctx = JobContext.start(lh, SparkSettings.embedded("synergen-bench-all"), log)) {
      if (!DeltaTables.exists(ctx.spark(), lh, PipelineTables.SEQUENCES)) {
        return null;
      }
      return TrainBenchmark.run(ctx.spark(), new TrainBenchmark.Options(lh, r.tokenizer(), r.preset(), 16, s.trainSamples(), 256, 0, dir.resolve("train-runs"), dir.resolve("train.json")), log);
    }
  }

  /** Each benchmark builds its own session with its own settings; none inherits the last one's. */
  private static void stopSpark() {
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private static ObjectNode machine() {
    ObjectNode m = JSON.createObjectNode();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    return m;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The host name, reduced to characters safe in a file name. */
  static String host() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      name = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "host" + safe : safe;
  }
}
