package dev.synergen.eval.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.Bleu;
import dev.synergen.eval.metrics.CaptionExample;
import dev.synergen.eval.metrics.CiderD;
import dev.synergen.eval.metrics.CircularEvaluation;
import dev.synergen.eval.probes.GenEvalJudge;
import dev.synergen.eval.probes.GenEvalPrompt;
import dev.synergen.eval.probes.GenEvalPrompts;
import dev.synergen.eval.probes.GenEvalScenes;
import dev.synergen.eval.probes.GenEvalTask;
import dev.synergen.eval.probes.McqQuestion;
import dev.synergen.eval.probes.McqQuestions;
import dev.synergen.eval.probes.PopeProbe;
import dev.synergen.eval.probes.PopeProbes;
import dev.synergen.eval.probes.PopeSetting;
import dev.synergen.tokenization.shapes.CaptionWriter;
import dev.synergen.tokenization.shapes.DetectedObject;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.SceneGenerator;
import dev.synergen.tokenization.shapes.ShapesDetector;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The suites' scoring fed by two stand-in models on generated shapes-world scenes: an oracle that
 * answers with the ground truth (the pair's caption, the scene's answer, the prompt's own render)
 * scores at the top of every metric, and a random one lands on the metric's chance level within the
 * 95% interval the suite reports. Samples travel as JSON, as they do from the inference tasks.
 */
class OracleAndRandomRunsTest {
  private static final long SEED = 17;
  private static final ShapesWorldConfig WORLD = ShapesWorldConfig.defaults();
  private static final List<Scene> SCENES = scenes(120);

  @Test
  void captionsOracleHasBleuOneAndTheBestCiderOfEveryImageAndRandomCaptionsScoreAtChance() {
    int n = 120;
    List<List<String>> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      refs.add(HeldOutScenes.references(CaptionWriter.write(SCENES.get(i), SEED, i).text(), SCENES.get(i), i));
    }
    // every caption of the pool scored against every image's references: the oracle's row maximum,
    // and the off-diagonal mean is what a model that captions a random other image scores
    List<CaptionExample> allPairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        allPairs.add(CaptionExample.of(refs.get(j).get(0), refs.get(i)));
      }
    }
    List<Double> pairScores = CiderD.score(allPairs).perSample();
    List<CaptionExample> offDiagonal = new ArrayList<>();
    double ciderChance = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          ciderChance += pairScores.get(i * n + j) / (n * (n - 1));
          offDiagonal.add(allPairs.get(i * n + j));
        }
      }
    }
    double bleuChance = Bleu.score(offDiagonal).corpus(4);

    SuiteResult oracleRun = CaptionSuite.score(transported(n, i ->
        CaptionSuite.captioned("img" + i, refs.get(i).get(0), refs.get(i), null)), SEED);
    Map<String, MetricRow> oracle = metrics(oracleRun.metrics());
    assertEquals(1.0, oracle.get("bleu_4").value(), 1e-9);
    // CIDEr-D rewards consensus with all references, so a caption of another scene that shares more
    // n-grams with the other references can outrank the exact true caption: the oracle tops the pool
    // for nearly every image, not for all
    int first = 0;
    for (int i = 0; i < n; i++) {
      double mine = oracleRun.samples().get(i).score();
      assertEquals(pairScores.get(i * n + i), mine, 1e-9, "the per-image score does not depend on the other images");
      boolean top = true;
      for (int j = 0; j < n; j++) {
        top &= mine >= pairScores.get(i * n + j) - 1e-9;
      }
      first += top ? 1 : 0;
    }
    System.out.println("oracle caption tops the pool for " + first + " of " + n);
    assertTrue(first >= 0.85 * n, "the true caption ranks first for only " + first + " of " + n + " images");

    SplittableRandom random = new SplittableRandom(SEED);
    int[] other = new int[n];
    for (int i = 0; i < n; i++) {
      other[i] = (i + 1 + random.nextInt(n - 1)) % n;
    }
    Map<String, MetricRow> guess = metrics(CaptionSuite.score(transported(n, i ->
        CaptionSuite.captioned("img" + i, refs.get(other[i]).get(0), refs.get(i), null)), SEED).metrics());
    assertWithinInterval(guess.get("cider_d"), ciderChance);
    assertWithinInterval(guess.get("bleu_4"), bleuChance);
    // the suite's own chance level (16 other images per image) agrees with the mean over all pairs
    assertEquals(ciderChance, guess.get("cider_d").chance(), 0.05 * ciderChance);
    assertEquals(bleuChance, guess.get("bleu_4").chance(), 0.1 * bleuChance);
    assertTrue(oracle.get("cider_d").value() > 3 * guess.get("cider_d").high(), oracle + " vs " + guess);

    // the gain from reading the image: large for the oracle, none for the guesser, exactly none for one
    // caption given to every image, however well that caption matches the corpus
    assertTrue(oracle.get("cider_d_image_gain").low() > 0.5 * oracle.get("cider_d").value(), oracle.toString());
    assertWithinInterval(guess.get("cider_d_image_gain"), 0.0);
    Map<String, MetricRow> constant = metrics(CaptionSuite.score(transported(n, i ->
        CaptionSuite.captioned("img" + i, refs.get(0).get(0), refs.get(i), null)), SEED).metrics());
    assertTrue(constant.get("cider_d").value() > 0, constant.toString());
    assertEquals(0.0, constant.get("cider_d_image_gain").value(), 1e-12);
    assertEquals(0.0, constant.get("cider_d_image_gain").chance());
  }

  @Test
  void mcqOracleIsRightUnderEveryRotationAndARandomGuesserScoresAtTheReportedChance() {
    List<McqQuestion> questions = new ArrayList<>();
    for (int i = 0; i < SCENES.size(); i++) {
      List<McqQuestion> all = McqQuestions.forScene(SCENES.get(i), SEED, i);
      for (int k = 0; k < Math.min(McqSuite.PER_SCENE, all.size()); k++) {
        questions.add(all.get((i + k) % all.size())); // the suite's pick
      }
    }
    Map<String, MetricRow> oracle = metrics(McqSuite.score(transported(questions.size(), k -> {
      McqQuestion q = questions.get(k);
      int[] chosen = new int[q.options().size()];
      for (int rot = 0; rot < chosen.length; rot++) {
        chosen[rot] = CircularEvaluation.shownIndex(q.correctIndex(), chosen.length, rot);
      }
      return McqSuite.answered("q" + k, q, chosen, null);
    })));
    assertEquals(1.0, oracle.get("circular_accuracy").value());
    assertEquals(1.0, oracle.get("plain_accuracy").value());
    assertEquals(1.0, oracle.get("answerable_questions").value());
    for (McqQuestion.Type type : McqQuestion.Type.values()) {
      String key = "circular_accuracy." + type.name().toLowerCase(java.util.Locale.ROOT);
      assertTrue(oracle.containsKey(key), "the scenes ask every type of question: " + oracle.keySet());
      assertEquals(1.0, oracle.get(key).value(), key);
    }

    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, MetricRow> guess = metrics(McqSuite.score(transported(questions.size(), k -> {
      int[] chosen = random.ints(questions.get(k).options().size(), 0, questions.get(k).options().size()).toArray();
      return McqSuite.answered("q" + k, questions.get(k), chosen, null);
    })));
    assertWithinInterval(guess.get("circular_accuracy"), guess.get("circular_accuracy").chance());
    assertWithinInterval(guess.get("plain_accuracy"), guess.get("plain_accuracy").chance());
    assertTrue(guess.get("plain_accuracy").chance() > guess.get("circular_accuracy").chance());
  }

  @Test
  void popeOracleScoresOneInEverySettingAndACoinFlipScoresHalfWithHalfItsAnswersYes() {
    PopeProbes probes = new PopeProbes(SCENES);
    List<PopeProbe> all = new ArrayList<>();
    for (PopeSetting setting : PopeSetting.values()) {
      all.addAll(probes.build(setting, 1, SEED));
    }
    for (PopeProbe p : all) {
      assertEquals(p.present(), SCENES.get(p.scene()).objects().stream()
          .anyMatch(o -> o.color() == p.object().color() && o.shape() == p.object().shape()), p.toString());
    }
    Map<String, MetricRow> oracle = metrics(PopeSuite.score(transported(all.size(), k ->
        PopeSuite.answered("pair" + all.get(k).scene(), PopeSuite.probe(all.get(k)), all.get(k).present() ? 1 : -1,
            null))));
    assertEquals(1.0, oracle.get("accuracy").value());
    assertEquals(1.0, oracle.get("f1").value());
    for (PopeSetting setting : PopeSetting.values()) {
      String prefix = setting.word().toLowerCase(java.util.Locale.ROOT) + ".";
      for (String metric : List.of("accuracy", "precision", "recall", "f1")) {
        assertEquals(1.0, oracle.get(prefix + metric).value(), prefix + metric);
      }
      assertEquals(0.5, oracle.get(prefix + "yes_ratio").value(), 1e-12, "one positive per negative");
    }

    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, MetricRow> guess = metrics(PopeSuite.score(transported(all.size(), k ->
        PopeSuite.answered("pair" + all.get(k).scene(), PopeSuite.probe(all.get(k)), random.nextBoolean() ? 1 : -1,
            null))));
    assertWithinInterval(guess.get("accuracy"), guess.get("accuracy").chance());
    assertEquals(0.5, guess.get("accuracy").chance());
    for (PopeSetting setting : PopeSetting.values()) {
      assertWithinInterval(guess.get(setting.word().toLowerCase(java.util.Locale.ROOT) + ".yes_ratio"), 0.5);
    }

    // a model that always says yes: accuracy at chance, and an F1 of exactly F1's chance level, 2/3
    Map<String, MetricRow> yes = metrics(PopeSuite.score(transported(all.size(), k ->
        PopeSuite.answered("pair" + all.get(k).scene(), PopeSuite.probe(all.get(k)), 1, null))));
    assertEquals(0.5, yes.get("accuracy").value(), 1e-12);
    assertEquals(2.0 / 3, yes.get("f1").value(), 1e-12);
    assertEquals(yes.get("f1").value(), yes.get("f1").chance(), 1e-12);
    assertEquals(2.0 / 3, oracle.get("random.f1").chance(), 1e-12);
  }

  @Test
  void genEvalOracleRendersPassEveryCategoryAndRendersOfOtherPromptsScoreAtChance() {
    int perTask = 16;
    GenEvalScenes renders = new GenEvalScenes(WORLD);
    ShapesDetector detector = new ShapesDetector(WORLD);
    List<GenEvalTask> tasks = new ArrayList<>();
    List<GenEvalPrompt> prompts = new ArrayList<>();
    List<List<DetectedObject>> found = new ArrayList<>();
    for (GenEvalTask task : GenEvalTask.values()) {
      for (long index = 0; index < perTask; index++) {
        GenEvalPrompt p = GenEvalPrompts.prompt(task, SEED, index);
        tasks.add(task);
        prompts.add(p);
        found.add(detector.detect(renders.render(p.requirement(), SEED, index)));
      }
    }
    int n = prompts.size();
    Map<String, MetricRow> oracle = metrics(GenEvalSuite.score(transported(n, k ->
        GenEvalSuite.judged("p" + k, tasks.get(k), prompts.get(k), found.get(k), null)), 1.0, n, SEED));
    assertEquals(1.0, oracle.get("overall").value());
    for (GenEvalTask task : GenEvalTask.values()) {
      assertEquals(1.0, oracle.get(task.tag()).value(), task.tag());
    }

    // chance: a model that ignores the prompt and draws the render of another prompt of the suite
    double chance = 0;
    for (GenEvalTask task : GenEvalTask.values()) {
      double right = 0;
      long pairs = 0;
      for (int k = 0; k < n; k++) {
        if (tasks.get(k) != task) {
          continue;
        }
        for (int other = 0; other < n; other++) {
          if (other != k) {
            right += GenEvalJudge.judge(prompts.get(k).requirement(), found.get(other)).correct() ? 1 : 0;
            pairs++;
          }
        }
      }
      chance += right / pairs / GenEvalTask.values().length;
    }
    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, MetricRow> guess = metrics(GenEvalSuite.score(transported(n, k -> {
      int other = (k + 1 + random.nextInt(n - 1)) % n;
      return GenEvalSuite.judged("p" + k, tasks.get(k), prompts.get(k), found.get(other), null);
    }), 1.0, n, SEED));
    assertWithinInterval(guess.get("overall"), chance);
    assertTrue(chance < 0.5, "renders of other prompts rarely satisfy a prompt: " + chance);
  }

  private static List<Scene> scenes(int n) {
    SceneGenerator generator = new SceneGenerator(WORLD);
    List<Scene> scenes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      scenes.add(generator.generate(SEED, i));
    }
    return scenes;
  }

  /** The samples of n items as the driver receives them from the inference tasks: through JSON. */
  private static List<ItemResult> transported(int n, Function<Integer, ItemResult> item) {
    List<ItemResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ItemResult.fromJson(item.apply(i).toJson()));
    }
    return out;
  }

  private static Map<String, MetricRow> metrics(List<MetricRow> rows) {
    return rows.stream().collect(Collectors.toMap(MetricRow::metric, r -> r));
  }

  private static void assertWithinInterval(MetricRow row, double expected) {
    assertTrue(Double.isFinite(row.low()) && Double.isFinite(row.high()), row + " has no interval");
    assertTrue(row.low() <= expected && expected <= row.high(), row.metric() + " = " + row.value() + " ["
        + row.low() + ", " + row.high() + "] does not hold the chance level " + expected);
  }
}
