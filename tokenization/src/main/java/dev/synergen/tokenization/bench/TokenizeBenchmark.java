package dev.synergen.tokenization.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.spark.SparkSessions;
import dev.synergen.core.spark.SparkSettings;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.device.IntraOpThreads;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.ml.ModelCache;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.shapes.ShapesSample;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.text.BpeEncodings;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.tokenize.EncodePartitions;
import dev.synergen.tokenization.tokenize.TokenizeJob;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen bench tokenize}: images/s of the whole Spark {@link TokenizeJob} and of a bare
 * single-process DJL loop (decode, fit, encode in batches) on the same shapes-world PNGs in the
 * same run, per core, and their ratios (goal: the job within 15% of the bare loop per core).
 *
 * <p>The bare loop runs with every core as libtorch intra-op threads (the natural single-process
 * program) and with one thread (what one core does alone: the strict per-core reference, and the
 * one that suffers least when other processes share the machine), each before and after the job,
 * so drift of the machine's load shows; ratios use the mean of the two runs. The job is reported
 * whole (Delta reads, anti-join, MERGE: seconds that do not grow with the input) and by its encode
 * phase alone (read, decode, encode and cache the pairs: the part that does). The job follows
 * {@link IntraOpThreads} and runs on the CPU, like the bare loop.
 *
 * <pre>
 * java -cp ... dev.synergen.tokenization.ml.TokenizeBenchmark [--images 10000] [--batch 64]
 *     [--master local[2]] [--model dir-of-a-saved-tokenizer] [--out report.json]
 * </pre>
 */
public final class TokenizeBenchmark {
  /** The goal: the job reaches at least this fraction of the bare loop's images/s per core. */
  public static final double GOAL_RATIO = 0.85;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 0;

  private TokenizeBenchmark() {}

  /**
   * @param images how many shapes-world pairs to encode (enough that the job's fixed seconds are fair: 10,000)
   * @param batchSize images per forward pass, in both loops
   * @param master Spark master of the job (null: local[cores])
   * @param model a saved VQ tokenizer, or null for an untrained {@link VqConfig#small()} (encoding costs the same)
   * @param out where to save the JSON report too, or null
   */
  public record Options(int images, int batchSize, String master, Path model, Path out) {
    public Options {
      if (images < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "bench tokenize needs --images >= 1, got " + images);
      }
      if (batchSize < 1) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "bench tokenize needs --batch >= 1, got " + batchSize);
      }
      if (master != null && master.isBlank()) {
        master = null;
      }
    }

    public static Options defaults() {
      return new Options(10_000, 64, null, null, null);
    }
  }


  /** Runs the benchmark, printing progress to {@code log}; returns (and with {@code out} saves) the JSON report. */
  public static ObjectNode run(Options options, PrintStream log) throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    String master = options.master() != null ? options.master() : "local[" + cores + "]";
    ObjectNode report = JSON.createObjectNode();
    ObjectNode machine = report.putObject("machine");
    machine.put("cores", cores);
    machine.put("load_average_before", loadAverage());
    Path work = Files.createTempDirectory("synergen-bench-tokenize");
    try {
      Path model = options.model() != null ? options.model() : work.resolve("vq");
      if (options.model() == null) {
        try (VqTokenizer t = VqTokenizer.create(VqConfig.small(), 1)) {
          t.save(model);
        }
      }
      int size = VqTokenizer.configOf(model).imageSize();
      log.printf(Locale.ROOT, "generating %d shapes-world pairs (seed %d)...%n", options.images(), SEED);
      List<ShapesSample> samples = new ArrayList<>(options.images());
      for (int i = 0; i < options.images(); i++) {
        samples.add(ShapesSample.generate(ShapesWorldConfig.defaults(), SEED, i));
      }
      List<byte[]> pngs = samples.stream().map(ShapesSample::png).toList();
      ObjectNode settings = report.putObject("settings");
      settings.put("images", options.images());
      settings.put("batch_size", options.batchSize());
      settings.put("master_requested", master);
      settings.put("model", options.model() == null ? "untrained VqConfig.small()" : model.toString());
      settings.put("image_size", size);
      settings.put("source", "shapes world, seed " + SEED + ", " + ShapesWorldConfig.defaults().imageSize() + " px PNG");
      log.printf(Locale.ROOT, "%d PNG images, tokenizer %dx%d, batch %d, %d cores, master %s%n", pngs.size(), size,
          size, options.batchSize(), cores, master);

      // all cores last before the job: Spark's task threads start from the count set last (see IntraOpThreads),
      // which is then libtorch's default, as in a fresh JVM
      int allCores = IntraOpThreads.forCurrentThread();
      Measured oneBefore = bareLoop(model, pngs, size, options.batchSize(), 1, log);
      Measured allBefore = bareLoop(model, pngs, size, options.batchSize(), allCores, log);
      ObjectNode job = runJob(options, master, model, samples, work, log);
      Measured allAfter = bareLoop(model, pngs, size, options.batchSize(), allCores, log);
      Measured oneAfter = bareLoop(model, pngs, size, options.batchSize(), 1, log);
      ObjectNode bare = report.putObject("bare_loop");
      double perCoreAll = bareSummary(bare.putObject("all_cores"), allCores, allBefore, allAfter);
      double perCoreOne = bareSummary(bare.putObject("one_core"), 1, oneBefore, oneAfter);
      report.set("job", job);

      double jobPerCore = job.get("images_per_s").asDouble() / job.get("cores").asInt();
      double encodePerCore = job.get("encode_images_per_s").asDouble() / job.get("cores").asInt();
      ObjectNode ratio = report.putObject("ratio_per_core");
      ratio.put("whole_job_vs_bare_all_cores", jobPerCore / perCoreAll);
      ratio.put("encode_phase_vs_bare_all_cores", encodePerCore / perCoreAll);
      ratio.put("whole_job_vs_bare_one_core", jobPerCore / perCoreOne);
      ratio.put("encode_phase_vs_bare_one_core", encodePerCore / perCoreOne);
      ratio.put("goal", GOAL_RATIO);
      // the stricter reference decides
      ratio.put("whole_job_meets_goal", Math.min(jobPerCore / perCoreAll, jobPerCore / perCoreOne) >= GOAL_RATIO);
      ratio.put("encode_phase_meets_goal",
          Math.min(encodePerCore / perCoreAll, encodePerCore / perCoreOne) >= GOAL_RATIO);
      machine.put("load_average_after", loadAverage());
      log.printf(Locale.ROOT, "per core, job / bare loop with %d threads | with 1 thread: whole job %.2f | %.2f, "
              + "encode phase %.2f | %.2f (goal >= %.2f); load average %.1f before, %.1f after%n", allCores,
          jobPerCore / perCoreAll, jobPerCore / perCoreOne, encodePerCore / perCoreAll, encodePerCore / perCoreOne,
          GOAL_RATIO, machine.get("load_average_before").asDouble(), machine.get("load_average_after").asDouble());
      if (options.out() != null) {
        AtomicFiles.writeString(options.out(), report.toPrettyString());
      }
      return report;
    } finally {
      BenchFiles.deleteRecursively(work);
    }
  }

  /** The whole tokenize job on a fresh lakehouse whose raw_pairs holds the samples. */
  private static ObjectNode runJob(Options options, String master, Path model, List<ShapesSample> samples, Path work,
      PrintStream log) throws IOException {
    Lakehouse lakehouse = new Lakehouse(work.resolve("lakehouse").toString());
    // a session the caller already runs is used as it is, and left running
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.getOrCreate(new SparkSettings(master, "bench-tokenize", 0, false,
        Map.of("spark.ui.enabled", "false")), lakehouse);
    try {
      writeRawPairs(spark, lakehouse, samples);
      Path remap = work.resolve("text_remap.json");
      List<VocabularyRemap.BpeCount> counts = new ArrayList<>();
      for (ShapesSample s : samples) {
        for (int id : BpeTextTokenizer.bpeIds(BpeEncodings.CL100K_BASE, s.caption().text())) {
          counts.add(new VocabularyRemap.BpeCount(id, 1));
        }
      }
      VocabularyRemap.fromCounts(BpeEncodings.CL100K_BASE, counts, 1000).save(remap);

      int slots = EncodePartitions.slots(spark);
      int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      JobSummary summary = TokenizeJob.run(spark, new TokenizeJob.Config(lakehouse, model.toString(),
          remap.toString(), options.batchSize(), "cpu"));
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
      if (summary.accepted() != samples.size()) {
        throw new IllegalStateException("the tokenize job wrote " + summary.accepted() + " rows for "
            + samples.size() + " pairs; " + summary.toJson());
      }
      double encodeSeconds = Math.max(1e-3, ((Number) summary.extra().get("encode_seconds")).doubleValue());
      ObjectNode job = JSON.createObjectNode();
      job.put("seconds", seconds);
      job.put("images_per_s", samples.size() / seconds);
      job.put("encode_seconds", encodeSeconds);
      job.put("encode_images_per_s", samples.size() / encodeSeconds);
      job.put("fixed_seconds", seconds - encodeSeconds);
      job.put("cpu_ms_per_image", 1000 * cpuSeconds / samples.size());
      job.put("master", spark.sparkContext().master());
      job.put("task_slots", slots);
      job.put("task_cpus", taskCpus);
      job.put("cores", slots * taskCpus);
      job.put("encode_tasks", ((Number) summary.extra().get("encode_tasks")).intValue());
      job.put("rows_written", summary.accepted());
      log.printf(Locale.ROOT, "Spark tokenize job:           %8.1f images/s whole job (%.1f s), %.1f images/s in its "
          + "encode phase (%.1f s); %d task slots x %d cpus%n", samples.size() / seconds, seconds,
          samples.size() / encodeSeconds, encodeSeconds, slots, taskCpus);
      return job;
    } finally {
      if (ownSession) {
        spark.stop();
        ModelCache.clear();
      }
    }
  }

  /** raw_pairs as the ingest job leaves it: about 1,000 pairs per file. */
  private static void writeRawPairs(SparkSession spark, Lakehouse lakehouse, List<ShapesSample> samples) {
    Timestamp at = new Timestamp(System.currentTimeMillis());
    int size = ShapesWorldConfig.defaults().imageSize();
    List<Row> rows = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      ShapesSample s = samples.get(i);
      rows.add(RowFactory.create("bench-" + s.key(), "bench", s.key(), s.png(), "png", size, size, s.caption().text(),
          null, "train", "bench", at));
    }
    int files = Math.max(1, samples.size() / 1000);
    DeltaTables.insertNew(spark, lakehouse, PipelineTables.RAW_PAIRS,
        spark.createDataFrame(rows, PipelineTables.RAW_PAIRS.schema()).repartition(files));
  }

  /** Decode, fit and encode every image in batches on this thread, after one untimed batch. */
  private static Measured bareLoop(Path model, List<byte[]> pngs, int size, int batch, int threads, PrintStream log)
      throws IOException {
    IntraOpThreads.apply(threads);
    try (VqTokenizer tokenizer = VqTokenizer.load(model)) {
      tokenizer.encode(decode(pngs.subList(0, Math.min(batch, pngs.size())), size));
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      for (int from = 0; from < pngs.size(); from += batch) {
        tokenizer.encode(decode(pngs.subList(from, Math.min(pngs.size(), from + batch)), size));
      }
      Measured m = new Measured(pngs.size(), (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9);
      log.printf(Locale.ROOT, "bare DJL loop, %-14s %8.1f images/s (%.1f s)%n",
          threads + (threads == 1 ? " thread:" : " threads:"), m.imagesPerSecond(), m.seconds());
      return m;
    }
  }

  /** Fills {@code node} with the two runs of one bare loop; returns its images/s per core (mean of the runs). */
  private static double bareSummary(ObjectNode node, int threads, Measured before, Measured after) {
    double rate = (before.imagesPerSecond() + after.imagesPerSecond()) / 2;
    node.put("threads", threads);
    node.set("runs", JSON.valueToTree(List.of(before.toMap(), after.toMap())));
    node.put("images_per_s", rate);
    node.put("images_per_s_per_core", rate / threads);
    // how much the machine's load drifted while the job ran
    node.put("after_over_before", after.imagesPerSecond() / before.imagesPerSecond());
    return rate / threads;
  }

  /** Decoded as the job decodes them: through the one guarded decoder. */
  private static ImageBatch decode(List<byte[]> pngs, int size) throws IOException {
    ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());
    List<BufferedImage> images = new ArrayList<>(pngs.size());
    for (byte[] png : pngs) {
      try {
        images.add(ImageFitting.decodeAndFit(decoder, png, size));
      } catch (RejectedException e) {
        throw new IOException("a generated shapes-world PNG was refused: " + e.getMessage(), e);
      }
    }
    return ImageBatch.of(images, size);
  }

  private record Measured(int images, double seconds, double cpuSeconds) {
    double imagesPerSecond() {
      return images / seconds;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seconds", seconds);
      m.put("images_per_s", imagesPerSecond());
      m.put("cpu_ms_per_image", 1000 * cpuSeconds / images);
      return m;
    }
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
