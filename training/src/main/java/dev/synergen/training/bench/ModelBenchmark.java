package dev.synergen.training.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.generate.GenerationConfig;
import dev.synergen.training.generate.ImageGenerator;
import dev.synergen.training.generate.SamplingConfig;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.optim.AdamW;
import dev.synergen.training.optim.AdamWConfig;
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
 * <p>Usage: {@code ModelBenchmark [--out bench.json] [--batch 32] [--steps 4] [--caption 16]
 * [--text-vocab 4096] [--threads N] [--images 2]}.
 */
public final class ModelBenchmark {
  private int batch = 32;
  private int steps = 4;
  private int captionLength = 16;
  private int textVocab = 4096;
  private int threads = 0;
  private int images = 2;
  private String only = "all";
  private Path out;
  private final ObjectMapper json = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    ModelBenchmark bench = new ModelBenchmark();
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--out" -> bench.out = Path.of(v);
        case "--batch" -> bench.batch = Integer.parseInt(v);
        case "--steps" -> bench.steps = Integer.parseInt(v);
        case "--caption" -> bench.captionLength = Integer.parseInt(v);
        case "--text-vocab" -> bench.textVocab = Integer.parseInt(v);
        case "--threads" -> bench.threads = Integer.parseInt(v);
        case "--images" -> bench.images = Integer.parseInt(v);
        case "--only" -> bench.only = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --out --batch --steps --caption --text-vocab --threads --images --only training|generation");
      }
    }
    System.out.println(bench.run().toPrettyString());
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
      train(manager, folded, f, peakGflops);
      train(manager, plain, p, peakGflops);
      training.put("speedup_per_pair", p.get("ms_per_pair").asDouble() / f.get("ms_per_pair").asDouble());
      training.put("goal_speedup", 2.5);
      }
      if (!only.equals("training")) {

      ObjectNode generation = report.putObject("generation");
      ObjectNode g = generation.putObject("unfolding_head_2x4");
      ObjectNode a = generation.putObject("plain_autoregressive");
      generate(manager, folded, g);
      generate(manager, plain, a);
      generation.put("speedup", a.get("ms_per_image").asDouble() / g.get("ms_per_image").asDouble());
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

  private double matmulGflops(NDManager manager, int n) {
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

  private void train(NDManager manager, ModelConfig config, ObjectNode out, double peakGflops) {
    SequenceBatch data = syntheticBatch(config, 7);
    try (SynerGenModel model = SynerGenModel.create(config).initialize(manager, 1);
        AdamW adam = new AdamW(model, AdamWConfig.paper())) {
      TrainStep step = new TrainStep(model, adam, LearningRateSchedule.constant(1e-4));
      for (int i = 0; i < 2; i++) {
        step.run(data);
      }
      double[] ms = new double[steps];
      for (int i = 0; i < steps; i++) {
        ms[i] = step.run(data).millis();
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

  /** Half t2i, half i2t rows with captions of {@code captionLength} random text ids. */
  private SequenceBatch syntheticBatch(ModelConfig config, long seed) {
    VocabularyLayout v = config.vocabulary();
    SplittableRandom r = new SplittableRandom(seed);
    List<int[]> tokens = new ArrayList<>();
    List<boolean[]> masks = new ArrayList<>();
    int codes = config.grid().codesPerImage();
    for (int i = 0; i < batch; i++) {
      boolean t2i = i % 2 == 0;
      int[] row = new int[codes + captionLength + 4];
      boolean[] mask = new boolean[row.length];
      int at = 0;
      row[at++] = v.bos();
      if (t2i) {
        at = caption(row, at, r, v, null);
      }
      row[at++] = v.imgStart();
      for (int k = 0; k < codes; k++) {
        mask[at] = t2i;
        row[at++] = v.imageToken(r.nextInt(config.grid().codebookSize()));
      }
      mask[at] = t2i;
      row[at++] = v.imgEnd();
      if (!t2i) {
        at = caption(row, at, r, v, mask);
      }
      mask[at] = true;
      row[at] = v.eos();
      tokens.add(row);
      masks.add(mask);
    }
    return SequenceBatch.of(config, v, tokens, masks);
  }

  private int caption(int[] row, int at, SplittableRandom r, VocabularyLayout v, boolean[] mask) {
    for (int k = 0; k < captionLength; k++) {
      if (mask != null) {
        mask[at] = true;
      }
      row[at++] = r.nextInt(v.textVocab());
    }
    return at;
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
      out.put("config", config.name());
      out.put("threads", JniUtils.getNumThreads());
      out.put("llm_steps_per_image", windows);
      out.put("head_layers", config.headLayers());
      out.put("head_steps_per_image", windows * config.grid().windowSize());
      out.put("cfg_streams", 2);
      out.put("ms_per_image", median(ms));
      out.put("ms_all", Arrays.toString(ms));
    }
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
