package dev.synergen.eval.suites;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.BinaryMetrics;
import dev.synergen.eval.metrics.ConfidenceInterval;
import dev.synergen.eval.probes.PopeProbe;
import dev.synergen.eval.probes.PopeProbes;
import dev.synergen.eval.probes.PopeSetting;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.training.weights.TokenizerDir;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * POPE on held-out scenes: "Is there a red circle in the image?" with one positive per scene and as
 * many negatives, sampled random, popular and adversarial as POPE builds them (never an object that
 * is present), answered "yes" or "no" by likelihood. Accuracy, precision, recall, F1 and the
 * yes-ratio per setting (Wilson 95% intervals for the proportions), and F1 averaged over the settings.
 */
final class PopeSuite implements Suite {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ANSWERS = List.of("yes", "no");
  /** Probes scored together (about 8 images' worth): one prefill and one candidate step for all of them. */
  static final int PROBES_PER_BATCH = 48;

  @Override
  public String name() {
    return "pope";
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    try (TokenizerDir tokenizers = TokenizerDir.open(Path.of(ctx.inference().tokenizer()))) {
      String why = Choices.unanswerable(tokenizers.textTokenizer(), ANSWERS);
      if (why != null) {
        return SuiteResult.skipped(why + ", so the answers cannot be told apart; POPE needs a tokenizer that"
            + " has them (a pretrained LLM's, or a remap trained on text that holds them)");
      }
    }
    Dataset<Row> pairs = ctx.heldOutPairs(ctx.config().limit()).cache();
    List<String> ids = new ArrayList<>();
    List<Scene> scenes = new ArrayList<>();
    for (Row r : pairs.select("pair_id", "meta").collectAsList()) {
      Scene s = HeldOutScenes.scene(r.getString(1));
      if (s != null) {
        ids.add(r.getString(0));
        scenes.add(s);
      }
    }
    if (scenes.isEmpty()) {
      pairs.unpersist();
      return SuiteResult.skipped(HeldOutScenes.NO_SCENES);
    }
    PopeProbes probes = new PopeProbes(scenes);
    Map<Integer, List<Map<String, Object>>> byScene = new LinkedHashMap<>();
    for (PopeSetting setting : PopeSetting.values()) {
      for (PopeProbe p : probes.build(setting, 1, ctx.config().seed())) {
        byScene.computeIfAbsent(p.scene(), k -> new ArrayList<>()).add(probe(p));
      }
    }
    List<Row> plan = new ArrayList<>();
    byScene.forEach((scene, list) -> plan.add(RowFactory.create(ids.get(scene), write(list))));
    StructType schema = new StructType().add("probe_pair", DataTypes.StringType).add("probes", DataTypes.StringType);
    Dataset<Row> items = pairs.join(ctx.spark().createDataFrame(plan, schema),
        col("pair_id").equalTo(col("probe_pair"))).select("pair_id", "image", "probes");
    List<ItemResult> results = ctx.infer("pope: answer yes/no probes", items, (rows, pipeline) -> {
      int size = pipeline.tokenizers().imageTokenizer().config().imageSize();
      List<ItemResult> out = new ArrayList<>();
      // the probes of several images in one batch: every probe shares the candidates " yes" and " no"
      record Asked(String pairId, String png, int[] codes, Map<String, Object> probe) {}
      List<Asked> asked = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        BufferedImage image = Pngs.fitted((byte[]) r.get(1), size);
        int[] codes = pipeline.imageCodes(image);
        String png = ItemResult.base64(Pngs.encode(image));
        for (Map<String, Object> probe : read(r.getString(2))) {
          asked.add(new Asked(r.getString(0), png, codes, probe));
        }
        if (asked.size() >= PROBES_PER_BATCH || !rows.hasNext()) {
          List<double[]> scores = Choices.scores(pipeline, asked.stream().map(Asked::codes).toList(),
              asked.stream().map(a -> (String) a.probe().get("question")).toList(),
              Collections.nCopies(asked.size(), ANSWERS));
          for (int i = 0; i < asked.size(); i++) {
            Asked a = asked.get(i);
            out.add(answered(a.pairId(), a.probe(), scores.get(i)[0] - scores.get(i)[1], a.png()));
          }
          asked.clear();
        }
      }
      return out;
    });
    pairs.unpersist();
    return SuiteResult.of(score(results), results);
  }

  /** The sample of one probe answered "yes" when {@code yesMargin} (log p(yes) - log p(no)) is positive. */
  static ItemResult answered(String pairId, Map<String, Object> probe, double yesMargin, String png) {
    boolean yes = yesMargin > 0;
    boolean truth = "yes".equals(probe.get("answer"));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("setting", probe.get("setting"));
    detail.put("object", probe.get("object"));
    return new ItemResult(probe.get("setting") + "/" + pairId + "/" + probe.get("object"), (String) probe.get("question"),
        yes ? "yes" : "no", (String) probe.get("answer"), yes == truth, yesMargin, png, detail);
  }

  /** The probe of a {@link PopeProbe} as the inference tasks receive it. */
  static Map<String, Object> probe(PopeProbe p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("setting", p.setting().word());
    m.put("object", p.object().phrase());
    m.put("question", p.question());
    m.put("answer", p.answer());
    return m;
  }

  /**
   * Accuracy over all probes, F1 averaged over the settings, and every binary metric per setting.
   * F1's chance level is the F1 of always answering "yes" (2/3 on balanced probes): the score a
   * model earns without looking, which an F1 near 0.67 must be read against.
   */
  static List<MetricRow> score(List<ItemResult> results) {
    List<MetricRow> metrics = new ArrayList<>();
    double f1Sum = 0;
    double alwaysYesSum = 0;
    long total = 0;
    long right = 0;
    for (PopeSetting setting : PopeSetting.values()) {
      List<ItemResult> mine = results.stream().filter(r -> setting.word().equals(r.detail().get("setting"))).toList();
      boolean[] predicted = new boolean[mine.size()];
      boolean[] truth = new boolean[mine.size()];
      for (int i = 0; i < mine.size(); i++) {
        predicted[i] = "yes".equals(mine.get(i).output());
        truth[i] = "yes".equals(mine.get(i).reference());
        right += predicted[i] == truth[i] ? 1 : 0;
      }
      total += mine.size();
      BinaryMetrics b = BinaryMetrics.of(predicted, truth);
      boolean[] yes = new boolean[mine.size()];
      Arrays.fill(yes, true);
      double alwaysYes = BinaryMetrics.of(yes, truth).f1().value();
      String prefix = setting.word().toLowerCase(Locale.ROOT) + ".";
      b.all().forEach((name, ci) -> {
        if (Double.isFinite(ci.value())) {
          double chance = name.equals("accuracy") ? 0.5 : name.equals("f1") ? alwaysYes : Double.NaN;
          metrics.add(MetricRow.of(prefix + name, ci, chance));
        }
      });
      f1Sum += Double.isFinite(b.f1().value()) ? b.f1().value() : 0;
      alwaysYesSum += Double.isFinite(alwaysYes) ? alwaysYes : 0;
    }
    int settings = PopeSetting.values().length;
    metrics.add(0, MetricRow.of("accuracy", ConfidenceInterval.wilson(right, total), 0.5));
    metrics.add(1, MetricRow.point("f1", f1Sum / settings, total).withChance(alwaysYesSum / settings));
    return metrics;
  }

  private static String write(List<Map<String, Object>> probes) {
    try {
      return JSON.writeValueAsString(probes);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Map<String, Object>> read(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
