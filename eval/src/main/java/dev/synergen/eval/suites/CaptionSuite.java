package dev.synergen.eval.suites;

import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.Bleu;
import dev.synergen.eval.metrics.CaptionExample;
import dev.synergen.eval.metrics.CiderD;
import dev.synergen.eval.metrics.ConfidenceInterval;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.training.generate.CaptionConfig;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Greedy captions of held-out images against their references (the pair's caption plus up to four
 * more true captions of its scene in the shapes world): CIDEr-D and BLEU-4 as coco-caption computes
 * them, with percentile-bootstrap 95% intervals over images.
 */
final class CaptionSuite implements Suite {
  static final int BOOTSTRAP = 1000;
  static final int CHANCE_OFFSETS = 16;
  /** Images captioned together: every token step runs once for all of them. */
  static final int IMAGES_PER_BATCH = 32;

  @Override
  public String name() {
    return "caption";
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    int maxTokens = ctx.config().maxCaptionTokens();
    List<ItemResult> items = ctx.infer("caption: greedy captions of held-out images",
        ctx.heldOutPairs(ctx.config().limit()), (rows, pipeline) -> {
          int size = pipeline.tokenizers().imageTokenizer().config().imageSize();
          List<ItemResult> out = new ArrayList<>();
          Batches.forEach(rows, IMAGES_PER_BATCH, batch -> {
            List<BufferedImage> images = batch.stream().map(r -> Pngs.fitted((byte[]) r.get(1), size)).toList();
            // greedy: an image's caption is the one it gets alone, up to rounding that can flip a near tie
            List<String> captions = pipeline.captions(images, CaptionConfig.greedy(maxTokens));
            for (int b = 0; b < batch.size(); b++) {
              Row r = batch.get(b);
              Scene scene = HeldOutScenes.scene(r.getString(3));
              // out.size(): the image's place in its partition
              List<String> refs = HeldOutScenes.references(r.getString(2), scene, out.size());
              out.add(captioned(r.getString(0), captions.get(b), refs, ItemResult.base64(Pngs.encode(images.get(b)))));
            }
          });
          return out;
        });
    if (items.isEmpty()) {
      return SuiteResult.skipped("raw_pairs has no row of split '" + ctx.config().split() + "'");
    }
    return score(items, ctx.config().seed());
  }

  /** The sample of one image's caption and its references. */
  static ItemResult captioned(String id, String caption, List<String> references, String png) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("references", references);
    return new ItemResult(id, "caption this image", caption, String.join(" | ", references), null, null, png, detail);
  }

  /** CIDEr-D and corpus BLEU-4 over the captioned samples, which come back with their per-image scores. */
  static SuiteResult score(List<ItemResult> items, long seed) {
    List<CaptionExample> examples = new ArrayList<>();
    for (ItemResult i : items) {
      @SuppressWarnings("unchecked")
      List<String> refs = (List<String>) i.detail().get("references");
      examples.add(CaptionExample.of(i.output(), refs));
    }
    CiderD.Scores cider = CiderD.score(examples);
    Bleu.Scores bleu = Bleu.score(examples);
    List<ItemResult> samples = new ArrayList<>();
    for (int k = 0; k < items.size(); k++) {
      ItemResult i = items.get(k);
      Map<String, Object> detail = new LinkedHashMap<>(i.detail());
      detail.put("cider_d", cider.perSample().get(k));
      detail.put("bleu_4", bleu.perSample(4)[k]);
      samples.add(new ItemResult(i.id(), i.input(), i.output(), i.reference(), null, cider.perSample().get(k),
          i.image(), detail));
    }
    ConfidenceInterval ciderCi = ConfidenceInterval.bootstrap(cider.perSampleArray(), BOOTSTRAP, seed);
    List<CaptionExample> chance = otherImagesCaptions(examples);
    List<MetricRow> metrics = new ArrayList<>(List.of(
        MetricRow.of("cider_d", new ConfidenceInterval(cider.corpus(), ciderCi.low(), ciderCi.high(), ciderCi.n(),
            ciderCi.method()), chance.isEmpty() ? Double.NaN : CiderD.score(chance).corpus()),
        MetricRow.of("bleu_4", corpusBleuInterval(examples, bleu.corpus(4), seed),
            chance.isEmpty() ? Double.NaN : Bleu.score(chance).corpus(4)),
        MetricRow.point("references_per_image", examples.stream().mapToInt(e -> e.references().size()).average()
            .orElse(0), examples.size())));
    if (examples.size() > 1) {
      metrics.add(MetricRow.of("cider_d_image_gain", imageGain(examples, cider, seed), 0.0));
    }
    return SuiteResult.of(metrics, samples);
  }

  /**
   * How much of the model's CIDEr-D comes from reading the image: per image, its caption's score
   * minus the mean score of the model's own captions of other held-out images (the chance level's
   * offsets) against this image's references, with a bootstrap interval over images. Captions that
   * match the corpus well but not their image (one caption for every image) gain 0, however high
   * their CIDEr-D: the chance level, built from the references, cannot see that.
   */
  static ConfidenceInterval imageGain(List<CaptionExample> examples, CiderD.Scores own, long seed) {
    int n = examples.size();
    int offsets = Math.min(n - 1, CHANCE_OFFSETS);
    List<Double> blindScores = CiderD.score(atOffsets(examples, CaptionExample::candidate)).perSample();
    double[] gain = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int s = 0; s < offsets; s++) {
        sum += blindScores.get(s * n + i);
      }
      gain[i] = own.perSample().get(i) - sum / offsets;
    }
    return ConfidenceInterval.bootstrap(gain, BOOTSTRAP, seed);
  }

  /**
   * The chance level of a caption metric: each image captioned with the true caption of another
   * held-out image (its first reference), for up to {@code CHANCE_OFFSETS} others per image. Every
   * image's references occur equally often, so CIDEr-D's document frequencies are those of the run.
   * In the shapes world this is far from zero: captions share most of their words.
   */
  static List<CaptionExample> otherImagesCaptions(List<CaptionExample> examples) {
    return atOffsets(examples, e -> e.references().get(0));
  }

  /**
   * Each image's references with {@code caption} of the image {@code s} places on (cyclically), for
   * s = 1 .. min(n - 1, {@code CHANCE_OFFSETS}), offset-major: every image's references occur once
   * per offset, so CIDEr-D's document frequencies stay those of the run.
   */
  private static List<CaptionExample> atOffsets(List<CaptionExample> examples,
      Function<CaptionExample, List<String>> caption) {
    int n = examples.size();
    List<CaptionExample> out = new ArrayList<>();
    for (int s = 1; s <= Math.min(n - 1, CHANCE_OFFSETS); s++) {
      for (int i = 0; i < n; i++) {
        out.add(new CaptionExample(caption.apply(examples.get((i + s) % n)), examples.get(i).references()));
      }
    }
    return out;
  }

  /** Corpus BLEU-4 pools counts over images, so its interval resamples images and recomputes the pooled score. */
  static ConfidenceInterval corpusBleuInterval(List<CaptionExample> examples, double value, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] scores = new double[BOOTSTRAP];
    for (int b = 0; b < BOOTSTRAP; b++) {
      List<CaptionExample> resample = new ArrayList<>(examples.size());
      for (int i = 0; i < examples.size(); i++) {
        resample.add(examples.get(random.nextInt(examples.size())));
      }
      scores[b] = Bleu.score(resample).corpus(4);
    }
    Arrays.sort(scores);
    return new ConfidenceInterval(value, percentile(scores, 0.025), percentile(scores, 0.975), examples.size(),
        ConfidenceInterval.BOOTSTRAP);
  }

  private static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
