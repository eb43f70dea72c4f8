package dev.synergen.eval.suites;

import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.CircularEvaluation;
import dev.synergen.eval.metrics.ConfidenceInterval;
import dev.synergen.eval.probes.McqQuestion;
import dev.synergen.eval.probes.McqQuestions;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.training.generate.SynerGenPipeline;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Multiple-choice questions from held-out scenes (colour, shape, count, position), answered by
 * likelihood: the image, the question and its options in the order shown, then each option scored
 * as the answer. Circular evaluation as MMBench does it: asked once per rotation of the options, a
 * question counts only if answered right under every rotation. Chance levels reported beside.
 */
final class McqSuite implements Suite {
  static final int PER_SCENE = 2;
  /** Scenes whose questions share one scoring batch: up to 2 x 4 rotations x 4 options = 32 streams each. */
  static final int SCENES_PER_BATCH = 6;

  @Override
  public String name() {
    return "mcq";
  }

  static String prompt(McqQuestion q) {
    return q.question() + " " + String.join(", ", q.options());
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    long seed = ctx.config().seed();
    int limit = ctx.config().limit();
    List<ItemResult> asked = ctx.infer("mcq: answer rotated questions", ctx.heldOutPairs(limit), (rows, pipeline) -> {
      int size = pipeline.tokenizers().imageTokenizer().config().imageSize();
      List<ItemResult> out = new ArrayList<>();
      Batches.forEach(rows, SCENES_PER_BATCH, scenes -> {
        List<Question> questions = new ArrayList<>();
        for (Row r : scenes) {
          Scene scene = HeldOutScenes.scene(r.getString(3));
          if (scene == null) {
            continue;
          }
          long index = Math.abs(r.getString(0).hashCode());
          List<McqQuestion> all = McqQuestions.forScene(scene, seed, index);
          if (all.isEmpty()) {
            continue;
          }
          Map<String, McqQuestion> answerable = new LinkedHashMap<>();
          for (int k = 0; k < Math.min(PER_SCENE, all.size()); k++) {
            McqQuestion q = all.get((int) ((index + k) % all.size()));
            String why = Choices.unanswerable(pipeline.tokenizers().textTokenizer(), q.options());
            if (why != null) { // kept as a sample with its reason, left out of the accuracies
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("type", q.type().name().toLowerCase(java.util.Locale.ROOT));
              detail.put("options", q.options());
              detail.put("unanswerable", why);
              out.add(new ItemResult(r.getString(0) + "#" + k, prompt(q), null, q.answer(), null, null, null, detail));
            } else {
              answerable.put(r.getString(0) + "#" + k, q);
            }
          }
          if (answerable.isEmpty()) { // no image to encode for questions none of which is scored
            continue;
          }
          BufferedImage image = Pngs.fitted((byte[]) r.get(1), size);
          int[] codes = pipeline.imageCodes(image);
          String png = ItemResult.base64(Pngs.encode(image));
          answerable.forEach((id, q) -> questions.add(new Question(id, q, codes, png)));
        }
        out.addAll(answer(pipeline, questions));
      });
      return out;
    });
    if (asked.isEmpty()) {
      return SuiteResult.skipped(HeldOutScenes.NO_SCENES);
    }
    List<ItemResult> items = asked.stream().filter(r -> !r.detail().containsKey("unanswerable")).toList();
    if (items.isEmpty()) {
      return SuiteResult.skipped("no question can be scored: " + asked.get(0).detail().get("unanswerable"));
    }
    return SuiteResult.of(score(asked), asked);
  }

  /** A question to score, with its scene's image as codes and as a PNG for the sample. */
  private record Question(String id, McqQuestion q, int[] codes, String png) {}

  /**
   * Every question asked once per rotation of its options, all in one batch: each rotation's prompt
   * scores the options in their original order.
   */
  private static List<ItemResult> answer(SynerGenPipeline pipeline, List<Question> questions) {
    if (questions.isEmpty()) {
      return List.of();
    }
    List<int[]> codes = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    List<List<String>> options = new ArrayList<>();
    for (Question question : questions) {
      for (int rot = 0; rot < question.q().options().size(); rot++) {
        codes.add(question.codes());
        prompts.add(prompt(question.q().rotated(rot)));
        options.add(question.q().options());
      }
    }
    List<double[]> scores = Choices.scores(pipeline, codes, prompts, options);
    List<ItemResult> out = new ArrayList<>();
    int at = 0;
    for (Question question : questions) {
      int[] chosen = new int[question.q().options().size()];
      for (int rot = 0; rot < chosen.length; rot++) {
        chosen[rot] = Choices.bestShown(scores.get(at++), rot);
      }
      out.add(answered(question.id(), question.q(), chosen, question.png()));
    }
    return out;
  }

  /** The sample of a question asked once per rotation; {@code chosen[k]} indexes the options as rotation k shows them. */
  static ItemResult answered(String id, McqQuestion q, int[] chosen, String png) {
    int n = q.options().size();
    boolean circular = CircularEvaluation.correct(q.correctIndex(), n, chosen);
    boolean plain = chosen[0] == q.correctIndex();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("type", q.type().name().toLowerCase(java.util.Locale.ROOT));
    detail.put("options", q.options());
    detail.put("chosen_per_rotation", chosen);
    detail.put("plain_correct", plain);
    return new ItemResult(id, prompt(q), q.options().get(chosen[0]), q.answer(), circular, plain ? 1.0 : 0.0, png,
        detail);
  }

  /** Circular and plain accuracy with their chance levels, per type, and the share of questions that could be scored. */
  static List<MetricRow> score(List<ItemResult> asked) {
    List<ItemResult> items = asked.stream().filter(r -> !r.detail().containsKey("unanswerable")).toList();
    boolean[] circular = new boolean[items.size()];
    int[] optionCounts = new int[items.size()];
    long plain = 0;
    double plainChance = 0;
    Map<String, long[]> byType = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      ItemResult r = items.get(i);
      circular[i] = Boolean.TRUE.equals(r.correct());
      optionCounts[i] = ((List<?>) r.detail().get("options")).size();
      plain += r.score() > 0 ? 1 : 0;
      plainChance += 1.0 / optionCounts[i];
      long[] t = byType.computeIfAbsent((String) r.detail().get("type"), k -> new long[2]);
      t[0] += circular[i] ? 1 : 0;
      t[1]++;
    }
    List<MetricRow> metrics = new ArrayList<>();
    metrics.add(MetricRow.of("circular_accuracy", CircularEvaluation.accuracy(circular),
        CircularEvaluation.chanceLevel(optionCounts)));
    metrics.add(MetricRow.of("plain_accuracy", ConfidenceInterval.wilson(plain, items.size()),
        plainChance / items.size()));
    byType.forEach((type, t) -> metrics.add(MetricRow.of("circular_accuracy." + type,
        ConfidenceInterval.wilson(t[0], t[1]))));
    // questions whose options the tokenizer cannot tell apart are not scored: say how many were
    metrics.add(MetricRow.of("answerable_questions", ConfidenceInterval.wilson(items.size(), asked.size())));
    return metrics;
  }
}
