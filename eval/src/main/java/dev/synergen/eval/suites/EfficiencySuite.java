package dev.synergen.eval.suites;

import ai.djl.ndarray.NDManager;
import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.training.generate.CaptionConfig;
import dev.synergen.training.generate.GenerationConfig;
import dev.synergen.training.generate.ImageGenerator;
import dev.synergen.training.generate.SamplingConfig;
import dev.synergen.training.generate.SynerGenInference;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SynerGenModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Efficiency of the checkpoint on the task's device: LLM positions per image with and without token
 * folding; prefill throughput (image-and-caption prompts through the LLM); generation throughput and
 * latency per image with the unfolding head; and, on a model of the same size whose images are plain
 * autoregression over every code (fold 1x1, no head; random weights: speed does not depend on them),
 * the latency that folding saves. Both generators use KV caches and CFG. Medians of repeated runs.
 */
final class EfficiencySuite implements Suite {
  static final int REPEATS = 3;

  @Override
  public String name() {
    return "efficiency";
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    long seed = ctx.config().seed();
    List<ItemResult> items = ctx.infer("efficiency: time prefill and generation", ctx.items(List.of("efficiency")),
        (rows, pipeline) -> {
          rows.next();
          SynerGenInference inference = pipeline.inference();
          ModelConfig config = inference.config();
          ImageGrid grid = config.grid();
          SplittableRandom r = new SplittableRandom(seed);
          List<int[]> images = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            images.add(r.ints(grid.codesPerImage(), 0, grid.codebookSize()).toArray());
          }
          double[] prefill = new double[REPEATS];
          for (int k = 0; k < REPEATS; k++) {
            long t0 = System.nanoTime();
            inference.caption(images, CaptionConfig.greedy(1));
            prefill[k] = (System.nanoTime() - t0) / 1e9;
          }
          int[] caption = pipeline.encode("a red circle above a blue square");
          GenerationConfig cfg = new GenerationConfig(GenerationConfig.DEFAULT_GUIDANCE, SamplingConfig.standard(), seed);
          double[] head = time(() -> inference.generate(List.of(caption), cfg));
          double[] plain;
          try (NDManager manager = NDManager.newBaseManager(inference.model().manager().getDevice());
              SynerGenModel ar = SynerGenModel.create(config.withFold(1, 1, 0)).initialize(manager, seed)) {
            ImageGenerator generator = new ImageGenerator(ar);
            plain = time(() -> generator.generate(List.of(caption), cfg));
          }
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("positions_per_image_folded", grid.windowsPerImage());
          detail.put("positions_per_image_unfolded", grid.codesPerImage());
          detail.put("prefill_tokens_per_s", 8.0 * (grid.codesPerImage() + 3) / median(prefill));
          detail.put("generation_ms_per_image", 1000 * median(head));
          detail.put("plain_ar_ms_per_image", 1000 * median(plain));
          detail.put("device", inference.model().manager().getDevice().toString());
          return List.of(new ItemResult("efficiency", "timing", null, null, null, null, null, detail));
        });
    ItemResult m = items.get(0);
    double folded = m.number("positions_per_image_folded");
    double unfolded = m.number("positions_per_image_unfolded");
    double head = m.number("generation_ms_per_image");
    double plain = m.number("plain_ar_ms_per_image");
    return SuiteResult.of(List.of(
        MetricRow.point("positions_per_image_folded", folded, 1),
        MetricRow.point("positions_per_image_unfolded", unfolded, 1),
        MetricRow.point("folding_position_ratio", unfolded / folded, 1),
        MetricRow.point("prefill_tokens_per_s", m.number("prefill_tokens_per_s"), REPEATS),
        MetricRow.point("generation_images_per_s", 1000 / head, REPEATS),
        MetricRow.point("generation_ms_per_image", head, REPEATS),
        MetricRow.point("plain_ar_ms_per_image", plain, REPEATS),
        MetricRow.point("unfolding_head_speedup", plain / head, REPEATS)), items);
  }

  private static double[] time(Runnable r) {
    r.run();
    double[] s = new double[REPEATS];
    for (int k = 0; k < REPEATS; k++) {
      long t0 = System.nanoTime();
      r.run();
      s[k] = (System.nanoTime() - t0) / 1e9;
    }
    return s;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
