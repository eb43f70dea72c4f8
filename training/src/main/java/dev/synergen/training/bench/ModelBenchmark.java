package dev.synergen.training.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.tokenization.vocab.PackedSample;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.generate.GenerationConfig;
import dev.synergen.training.generate.ImageGenerator;
import dev.synergen.training.generate.SamplingConfig;
import dev.synergen.training.model.CausalSelfAttention;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.optim.LearningRateSchedule;
import dev.synergen.training.optim.TrainStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code synergen bench model}: for the small config on this machine, side by side in one run,
 * training pairs/s, tokens/s and achieved model GFLOP/s vs the DJL matmul peak; training time
 * per pair with 2x4 folding vs no folding; and generation latency per image with the unfolding
 * head vs plain autoregression over all codes (both with KV caches). Weights are random and data
 * synthetic: speed does not depend on their values. Prints a table and writes JSON.
 *
 */
public final class ModelBenchmark {
  private final int batch;
  private final int steps;
  private final int captionLength;
  private final int textVocab;
  private final int threads;
  private final int images;
  private final String only;
  private final Path out;
  private final Path profile;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param threads libtorch intra-op threads (0: all cores)
   * @param only all, training or generation
   * @param out where to write the JSON report too, or null
   * @param profile where to write a PyTorch profiler trace of the folded model's timed training
   *     steps (Chrome trace JSON: chrome://tracing or Perfetto), or null
   */
  public record Options(int batch, int steps, int captionLength, int textVocab, int threads, int images, String only,
      Path out, Path profile) {
    public Options {
      if (batch < 1 || steps < 1 || captionLength < 1 || textVocab < 1 || threads < 0 || images < 1) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "bench model needs --batch, --steps, --caption,"
            + " --text-vocab and --images >= 1 and --threads >= 0; got " + batch + ", " + steps + ", " + captionLength
            + ", " + textVocab + ", " + images + ", " + threads);
      }
      if (!only.equals("all") && !only.equals("training") && !only.equals("generation")) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "bench model --only must be all, training or"
            + " generation, got '" + only + "'");
      }
    }

    public static Options defaults() {
      return new Options(32, 4, 16, 4096, 0, 2, "all", null, null);
    }
  }

  public ModelBenchmark(Options o) {
    this.batch = o.batch();
    this.steps = o.steps();
    this.captionLength = o.captionLength();
    this.textVocab = o.textVocab();
    this.threads = o.threads();
    this.images = o.images();
    this.only = o.only();
    this.out = o.out();
    this.profile = o.profile();
  }

  /** Runs every measurement; returns (and writes, with --out) the JSON report. */
  public ObjectNode run() throws Exception {
    ObjectNode report = json.createObjectNode();
    try (NDManager manager = NDManager.newBaseManager()) {
      if (threads > 0) {
        JniUtils.setNumThreads(threads);
      }
      ObjectNode machine = report.putObject("machine");
      machine.put("cores", Runtime.getRuntime().availableProcessors());
      machine.put("torch_intra_op_threads", JniUtils.getNumThreads());
      machine.put("torch_interop_threads", JniUtils.getNumInteropThreads());
      machine.put("device", manager.getDevice().toString());
      machine.put("engine", manager.getEngine().getEngineName() + " " + manager.getEngine().getVersion());

      ObjectNode peak = report.putObject("matmul_peak_gflops");
      for (int n : new int[] {256, 1024, 2048}) {
        peak.put(String.valueOf(n), matmulGflops(manager, n));
      }
      double peakGflops = Math.max(peak.get("1024").asDouble(), peak.get("2048").asDouble());

      ModelConfig folded = ModelConfig.small(textVocab);
      ModelConfig plain = folded.withFold(1, 1, 0);
      if (!only.equals("generation")) {
      ObjectNode training = report.putObject("training");
      ObjectNode f = training.putObject("folded_2x4");
      ObjectNode p = training.putObject("no_folding");
      train(manager, folded, f, peakGflops, profile);
      train(manager, plain, p, peakGflops, null);
      training.put("speedup_per_pair", p.get("ms_per_pair").asDouble() / f.get("ms_per_pair").asDouble());
      explainSpeedup(training, "model_gflop_per_step", "achieved_gflops", f, p);
      training.put("attention_query_block", CausalSelfAttention.queryBlock());
      if (CausalSelfAttention.queryBlock() > 0) {
        // the unfolded baseline again with the whole (T, T) score tensor: what the query blocks save
        ObjectNode whole = training.putObject("no_folding_whole_attention");
        int block = CausalSelfAttention.setQueryBlock(0);
        try {
          train(manager, plain, whole, peakGflops, null);
        } finally {
          CausalSelfAttention.setQueryBlock(block);
        }
        ObjectNode blocks = training.putObject("query_blocks");
        blocks.put("speedup_per_pair", whole.get("ms_per_pair").asDouble() / p.get("ms_per_pair").asDouble());
        explainSpeedup(blocks, "model_gflop_per_step", "achieved_gflops", p, whole);
      }
      training.put("goal_speedup", 2.5);
      }
      if (!only.equals("training")) {

      ObjectNode generation = report.putObject("generation");
      ObjectNode g = generation.putObject("unfolding_head_2x4");
      ObjectNode a = generation.putObject("plain_autoregressive");
      generate(manager, folded, g);
      generate(manager, plain, a);
      generation.put("speedup", a.get("ms_per_image").asDouble() / g.get("ms_per_image").asDouble());
      explainSpeedup(generation, "model_gflop_per_image", "achieved_gflops", g, a);
      generation.put("goal_speedup", 2.0);
      if (threads == 0 && JniUtils.getNumThreads() > 1) {
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        ObjectNode g1 = generation.putObject("unfolding_head_2x4_1thread");
        ObjectNode a1 = generation.putObject("plain_autoregressive_1thread");
        generate(manager, folded, g1);
        generate(manager, plain, a1);
        generation.put("speedup_1thread", a1.get("ms_per_image").asDouble() / g1.get("ms_per_image").asDouble());
        JniUtils.setNumThreads(before);
      }
      }
    }
    if (out != null) {
      AtomicFiles.writeString(out, report.toPrettyString());
    }
    return report;
  }

  /** Best of three timed runs of n x n float32 matmuls: the peak the model's GFLOP/s are read against. */
  static double matmulGflops(NDManager manager, int n) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray a = scope.randomNormal(new Shape(n, n));
      NDArray b = scope.randomNormal(new Shape(n, n));
      int reps = Math.max(3, (int) (2e10 / (2.0 * n * n * n)));
      double best = 0;
      for (int trial = 0; trial < 3; trial++) {
        try (NDManager inner = scope.newSubManager()) {
          a.tempAttach(inner);
          long start = System.nanoTime();
          NDArray c = null;
          for (int i = 0; i < reps; i++) {
            c = a.matMul(b);
          }
          c.toFloatArray();
          double seconds = (System.nanoTime() - start) / 1e9;
          best = Math.max(best, 2.0 * n * n * n * reps / seconds / 1e9);
        }
      }
      return best;
    }
  }

  private void train(NDManager manager, ModelConfig config, ObjectNode out, double peakGflops, Path trace) {
    SequenceBatch data = syntheticBatch(config, 7);
    try (SynerGenModel model = SynerGenModel.create(config).initialize(manager, 1);
        AdamW adam = new AdamW(model.trainableParameters(), AdamWConfig.paper(), model.manager())) {
      TrainStep step = new TrainStep(model, adam, LearningRateSchedule.constant(1e-4));
      for (int i = 0; i < 2; i++) {
        step.run(data);
      }
      double[] ms = new double[steps];
      if (trace != null) {
        // the profiler's own cost shows in these steps' times: the report says they were profiled
        JniUtils.startProfile(false, true, false);
        out.put("profiled_to", trace.toString());
      }
      try {
        for (int i = 0; i < steps; i++) {
          ms[i] = step.run(data).millis();
        }
      } finally {
        if (trace != null) {
          JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
      }
      double median = median(ms);
      double flops = ModelFlops.trainingStep(config, data);
      out.put("config", config.name());
      out.put("batch_pairs", batch);
      out.put("sequence_tokens", data.unfoldedTokens() / batch);
      out.put("folded_positions", data.length());
      out.put("ms_per_step_median", median);
      out.put("ms_per_step_all", Arrays.toString(ms));
      out.put("ms_per_pair", median / batch);
      out.put("pairs_per_s", batch / (median / 1000));
      out.put("tokens_per_s", data.unfoldedTokens() / (median / 1000));
      out.put("positions_per_s", data.foldedPositions() / (median / 1000));
      out.put("model_gflop_per_step", flops / 1e9);
      out.put("achieved_gflops", flops / 1e9 / (median / 1000));
      out.put("fraction_of_matmul_peak", flops / 1e9 / (median / 1000) / peakGflops);
      out.put("parameters", model.parameterCount().total());
    }
  }

  /**
   * Splits a wall-clock speed-up into less work (the FLOP ratio of the reference over the candidate)
   * times the candidate's higher efficiency (its achieved GFLOP/s over the reference's): a speed-up
   * mostly made of efficiency means the reference runs badly, not that the candidate does less.
   */
  private static void explainSpeedup(ObjectNode out, String flopsKey, String gflopsKey, ObjectNode candidate,
      ObjectNode reference) {
    out.put("flop_ratio", reference.get(flopsKey).asDouble() / candidate.get(flopsKey).asDouble());
    out.put("efficiency_ratio", candidate.get(gflopsKey).asDouble() / reference.get(gflopsKey).asDouble());
  }

  /** Half t2i, half i2t rows (the training layout) with captions of {@code captionLength} random text ids. */
  private SequenceBatch syntheticBatch(ModelConfig config, long seed) {
    VocabularyLayout v = config.vocabulary();
    SequenceLayout layout = new SequenceLayout(v);
    SplittableRandom r = new SplittableRandom(seed);
    List<int[]> tokens = new ArrayList<>();
    List<boolean[]> masks = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      int[] caption = r.ints(captionLength, 0, v.textVocab()).toArray();
      int[] codes = r.ints(config.grid().codesPerImage(), 0, config.grid().codebookSize()).toArray();
      PackedSample sample = i % 2 == 0 ? layout.textToImage(caption, codes, false) : layout.imageToText(codes, caption);
      tokens.add(sample.tokens());
      masks.add(sample.lossMask());
    }
    return SequenceBatch.of(config, v, tokens, masks);
  }

  private void generate(NDManager manager, ModelConfig config, ObjectNode out) {
    try (SynerGenModel model = SynerGenModel.create(config).initialize(manager, 1)) {
      ImageGenerator generator = new ImageGenerator(model);
      SplittableRandom r = new SplittableRandom(3);
      int[] caption = new int[captionLength];
      for (int i = 0; i < caption.length; i++) {
        caption[i] = r.nextInt(config.textVocab());
      }
      GenerationConfig cfg = new GenerationConfig(GenerationConfig.DEFAULT_GUIDANCE, SamplingConfig.standard(), 5);
      generator.generate(caption, cfg);
      double[] ms = new double[images];
      for (int i = 0; i < images; i++) {
        long start = System.nanoTime();
        generator.generate(caption, cfg);
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      int windows = config.grid().windowsPerImage();
      double flops = ModelFlops.generation(config, new SequenceLayout(config.vocabulary()).generationPrompt(caption)
          .length);
      out.put("config", config.name());
      out.put("threads", JniUtils.getNumThreads());
      out.put("llm_steps_per_image", windows);
      out.put("head_layers", config.headLayers());
      out.put("head_steps_per_image", windows * config.grid().windowSize());
      out.put("cfg_streams", 2);
      out.put("ms_per_image", median(ms));
      out.put("ms_all", Arrays.toString(ms));
      out.put("model_gflop_per_image", flops / 1e9);
      out.put("achieved_gflops", flops / 1e9 / (median(ms) / 1000));
    }
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
