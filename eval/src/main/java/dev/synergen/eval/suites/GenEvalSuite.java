package dev.synergen.eval.suites;

import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.ConfidenceInterval;
import dev.synergen.eval.probes.GenEvalJudge;
import dev.synergen.eval.probes.GenEvalPrompt;
import dev.synergen.eval.probes.GenEvalPrompts;
import dev.synergen.eval.probes.GenEvalScenes;
import dev.synergen.eval.probes.GenEvalTask;
import dev.synergen.tokenization.shapes.DetectedObject;
import dev.synergen.tokenization.shapes.ShapesDetector;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.training.generate.GenerationConfig;
import dev.synergen.training.generate.SamplingConfig;
import dev.synergen.training.generate.SynerGenPipeline;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * GenEval in the shapes world: prompts in GenEval's six categories, {@code eval.geneval_images}
 * images per prompt with classifier-free guidance, each judged by the deterministic shapes detector
 * as GenEval judges with its object detector. The detector's own accuracy on ground-truth renders of
 * every prompt is measured first, in the same run; below 98% the suite refuses to score. Score per
 * category = share of correct images; overall = mean of the categories (bootstrap 95% interval
 * resampling images within each category).
 */
final class GenEvalSuite implements Suite {
  static final double MIN_DETECTOR_ACCURACY = 0.98;
  /**
   * Prompts generated together: every window step then runs once for all their images (with 4
   * images and guidance, 128 streams), where one prompt at a time left the small model's steps bound
   * by per-operation overhead.
   */
  static final int PROMPTS_PER_BATCH = 16;

  @Override
  public String name() {
    return "geneval";
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    long seed = ctx.config().seed();
    int size = ctx.checkpoint().config().grid().imageHeight();
    ShapesWorldConfig world = new ShapesWorldConfig(size, ctx.config().worldGrid(), 1, 4);
    List<String> plan = new ArrayList<>();
    int rendersRight = 0;
    ShapesDetector detector = new ShapesDetector(world);
    GenEvalScenes scenes = new GenEvalScenes(world);
    for (GenEvalTask task : GenEvalTask.values()) {
      Set<String> texts = new LinkedHashSet<>();
      for (long index = 0; texts.size() < ctx.config().genevalPrompts() && index < 50L * ctx.config().genevalPrompts();
          index++) {
        GenEvalPrompt p = GenEvalPrompts.prompt(task, seed, index);
        if (texts.add(p.text())) {
          plan.add(task.name() + "|" + index);
          List<DetectedObject> truth = detector.detect(scenes.render(p.requirement(), seed, index));
          rendersRight += GenEvalJudge.judge(p.requirement(), truth).correct() ? 1 : 0;
        }
      }
    }
    double detectorAccuracy = (double) rendersRight / plan.size();
    if (detectorAccuracy < MIN_DETECTOR_ACCURACY) {
      throw EvalErrors.error(EvalErrors.EVAL_DETECTOR_UNRELIABLE, String.format(Locale.ROOT, "the shapes detector judged"
          + " only %.1f%% of %d ground-truth renders correct in a %dx%d px world with a %d-cell grid (needs %.0f%%);"
          + " set eval.world_grid to the grid the corpus was generated with", 100 * detectorAccuracy, plan.size(), size,
          size, ctx.config().worldGrid(), 100 * MIN_DETECTOR_ACCURACY));
    }
    int images = ctx.config().genevalImages();
    double guidance = ctx.config().guidance();
    List<ItemResult> items = ctx.infer("geneval: generate and judge", ctx.items(plan), (rows, pipeline) -> {
      ShapesDetector judge = new ShapesDetector(world);
      List<ItemResult> out = new ArrayList<>();
      Batches.forEach(rows, PROMPTS_PER_BATCH, batch -> generateAndJudge(batch.stream().map(r -> r.getString(0)).toList(),
          pipeline, judge, images, guidance, seed, out));
      return out;
    });
    return SuiteResult.of(score(items, detectorAccuracy, plan.size(), seed), items);
  }

  /** The prompts of {@code planned} generated as one batch, each image judged by the detector. */
  private static void generateAndJudge(List<String> planned, SynerGenPipeline pipeline, ShapesDetector judge, int images,
      double guidance, long seed, List<ItemResult> out) {
    record Planned(GenEvalTask task, long index, GenEvalPrompt prompt) {}
    List<Planned> batch = new ArrayList<>();
    List<GenerationConfig> cfgs = new ArrayList<>();
    for (String key : planned) {
      String[] parts = key.split("\\|");
      GenEvalTask task = GenEvalTask.valueOf(parts[0]);
      long index = Long.parseLong(parts[1]);
      batch.add(new Planned(task, index, GenEvalPrompts.prompt(task, seed, index)));
      // a prompt's own seed: its images do not depend on its batch beyond floating-point rounding
      cfgs.add(new GenerationConfig(guidance, SamplingConfig.standard(), seed * 1_000_003L + index
          + 7919L * task.ordinal()));
    }
    List<List<BufferedImage>> generated = pipeline.generateImages(batch.stream().map(p -> p.prompt().text()).toList(),
        images, cfgs);
    for (int p = 0; p < batch.size(); p++) {
      Planned plan = batch.get(p);
      for (int i = 0; i < images; i++) {
        BufferedImage image = generated.get(p).get(i);
        List<DetectedObject> found = judge.detect(Pngs.rgb(image));
        out.add(judged(plan.task().tag() + "/" + plan.index() + "/" + i, plan.task(), plan.prompt(), found,
            ItemResult.base64(Pngs.encode(image))));
      }
    }
  }

  /** The sample of one generated image: what the detector found in it and the judge's verdict on the prompt. */
  static ItemResult judged(String id, GenEvalTask task, GenEvalPrompt p, List<DetectedObject> found, String png) {
    GenEvalJudge.Verdict v = GenEvalJudge.judge(p.requirement(), found);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("category", task.tag());
    detail.put("requirement", p.requirement().toString());
    detail.put("reasons", v.reasons());
    return new ItemResult(id, p.text(), describe(found), p.requirement().toString(), v.correct(),
        v.correct() ? 1.0 : 0.0, png, detail);
  }

  /** Accuracy per category, overall as their mean, and the detector's accuracy on the ground-truth renders. */
  static List<MetricRow> score(List<ItemResult> items, double detectorAccuracy, int renders, long seed) {
    List<MetricRow> metrics = new ArrayList<>();
    List<boolean[]> perTask = new ArrayList<>();
    double sum = 0;
    for (GenEvalTask task : GenEvalTask.values()) {
      List<ItemResult> mine = items.stream().filter(r -> task.tag().equals(r.detail().get("category"))).toList();
      boolean[] correct = new boolean[mine.size()];
      long right = 0;
      for (int i = 0; i < correct.length; i++) {
        correct[i] = Boolean.TRUE.equals(mine.get(i).correct());
        right += correct[i] ? 1 : 0;
      }
      perTask.add(correct);
      ConfidenceInterval ci = ConfidenceInterval.wilson(right, correct.length);
      metrics.add(MetricRow.of(task.tag(), ci));
      sum += ci.value();
    }
    double overall = sum / GenEvalTask.values().length;
    metrics.add(0, MetricRow.of("overall", overallInterval(perTask, overall, seed)));
    metrics.add(MetricRow.point("detector_accuracy_on_renders", detectorAccuracy, renders));
    return metrics;
  }

  /** The mean of per-category accuracies, its interval resampling images within each category. */
  static ConfidenceInterval overallInterval(List<boolean[]> perTask, double value, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int resamples = 1000;
    double[] means = new double[resamples];
    long n = 0;
    for (boolean[] t : perTask) {
      n += t.length;
    }
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      for (boolean[] t : perTask) {
        int right = 0;
        for (int i = 0; i < t.length; i++) {
          right += t[random.nextInt(t.length)] ? 1 : 0;
        }
        sum += t.length == 0 ? 0 : (double) right / t.length;
      }
      means[b] = sum / perTask.size();
    }
    Arrays.sort(means);
    return new ConfidenceInterval(value, means[(int) (0.025 * (resamples - 1))], means[(int) Math.ceil(0.975 * (resamples - 1))],
        n, ConfidenceInterval.BOOTSTRAP);
  }

  private static String describe(List<DetectedObject> found) {
    if (found.isEmpty()) {
      return "nothing detected";
    }
    List<String> parts = new ArrayList<>();
    for (DetectedObject d : found) {
      parts.add(d.color().word() + " " + d.shape().word());
    }
    return String.join(", ", parts);
  }
}
