package dev.synergen.eval.suites;

import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.ConfidenceInterval;
import dev.synergen.eval.report.ReportConventions;
import dev.synergen.training.generate.GenerationConfig;
import dev.synergen.training.generate.SamplingConfig;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Text-to-image match on any corpus, where GenEval needs the shapes world: one image generated
 * (with classifier-free guidance) for each held-out caption, then matched against the real images
 * of its own pair and of up to {@value #CANDIDATES}-1 other held-out pairs with other captions. It
 * is right when its own pair's image is the nearest, by the distance of {@value #THUMB}x{@value
 * #THUMB} area-averaged RGB thumbnails: colour and coarse layout, the most a model of this size
 * draws, judged without a learned classifier. Chance is one over the candidates; where held-out
 * captions have a second image, that image scored as if generated shows the measure's ceiling for
 * a right drawing in another style.
 */
final class TextToImageMatchSuite implements Suite {
  static final int CANDIDATES = 8;
  static final int THUMB = 8;
  /** Captions generated together (64 streams with guidance): every window step runs once for all of them. */
  static final int CAPTIONS_PER_BATCH = 32;

  @Override
  public String name() {
    return ReportConventions.T2I_MATCH;
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    long seed = ctx.config().seed();
    double guidance = ctx.config().guidance();
    int size = ctx.checkpoint().config().grid().imageHeight();
    List<Row> pairs = ctx.heldOutPairs(ctx.config().matchCaptions()).collectAsList();
    if (pairs.isEmpty()) {
      return SuiteResult.skipped("raw_pairs has no row of split '" + ctx.config().split() + "'");
    }
    List<String> captions = new ArrayList<>();
    List<BufferedImage> truths = new ArrayList<>();
    List<String> plan = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      captions.add(pairs.get(i).getString(2));
      truths.add(Pngs.fitted((byte[]) pairs.get(i).get(1), size));
      plan.add(Integer.toString(i));
    }
    List<String> sent = List.copyOf(captions);
    List<ItemResult> generated = ctx.infer("t2i_match: generate for held-out captions", ctx.items(plan),
        (rows, pipeline) -> {
          List<ItemResult> out = new ArrayList<>();
          Batches.forEach(rows, CAPTIONS_PER_BATCH, batch -> {
            List<Integer> indices = batch.stream().map(r -> Integer.parseInt(r.getString(0))).toList();
            // each caption keeps its own seed: its image depends on its batch only through rounding
            List<GenerationConfig> cfgs = indices.stream().map(i -> new GenerationConfig(guidance,
                SamplingConfig.standard(), seed * 1_000_003L + i)).toList();
            List<List<BufferedImage>> images = pipeline.generateImages(indices.stream().map(sent::get).toList(), 1, cfgs);
            for (int b = 0; b < indices.size(); b++) {
              int i = indices.get(b);
              out.add(new ItemResult(Integer.toString(i), sent.get(i), null, sent.get(i), null, null,
                  ItemResult.base64(Pngs.encode(images.get(b).get(0))), Map.of()));
            }
          });
          return out;
        });
    HeldOut heldOut = HeldOut.of(captions, truths);
    List<ItemResult> items = new ArrayList<>();
    for (ItemResult g : generated) {
      int i = Integer.parseInt(g.id());
      items.add(matched(pairs.get(i).getString(0), i, heldOut, Pngs.fitted(g.imageBytes(), size), g.image()));
    }
    List<MetricRow> metrics = new ArrayList<>(score(items));
    MetricRow second = secondDrawingAccuracy(heldOut);
    if (second != null) {
      metrics.add(second);
    }
    return SuiteResult.of(metrics, items);
  }

  /** The held-out pairs' captions and images, with each image's thumbnail taken once. */
  record HeldOut(List<String> captions, List<BufferedImage> images, List<double[]> thumbnails) {
    static HeldOut of(List<String> captions, List<BufferedImage> images) {
      return new HeldOut(List.copyOf(captions), List.copyOf(images),
          images.stream().map(TextToImageMatchSuite::thumbnail).toList());
    }
  }

  /** Where a drawing ranks its own pair's image among the candidates (1 = nearest), and the nearest one. */
  record Ranking(List<Integer> candidates, int rank, int nearest) {}

  /**
   * What the measure gives a second real drawing of the caption (another held-out image with the
   * same caption, such as the other vendor's emoji) in place of a generation: the most a model
   * that draws the right thing in another style can expect. Null when no caption has two images.
   */
  static MetricRow secondDrawingAccuracy(HeldOut heldOut) {
    List<String> captions = heldOut.captions();
    long right = 0;
    long n = 0;
    for (int i = 0; i < captions.size(); i++) {
      for (int j = 0; j < captions.size(); j++) {
        if (j != i && captions.get(j).equals(captions.get(i))) {
          n++;
          right += rank(i, heldOut, heldOut.thumbnails().get(j)).rank() == 1 ? 1 : 0;
          break;
        }
      }
    }
    return n == 0 ? null : MetricRow.of("second_drawing_accuracy", ConfidenceInterval.wilson(right, n));
  }

  /**
   * The sample of one generation: which candidate is nearest, its own image's rank among them
   * (1 = right) and the candidates' count; the truth's PNG goes into the detail for the report.
   */
  static ItemResult matched(String pairId, int own, HeldOut heldOut, BufferedImage generated, String generatedPng) {
    Ranking r = rank(own, heldOut, thumbnail(generated));
    List<String> captions = heldOut.captions();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("rank", r.rank());
    detail.put("candidates", r.candidates().size());
    detail.put("nearest_caption", captions.get(r.nearest()));
    detail.put(ReportConventions.DETAIL_TRUTH_PNG, ItemResult.base64(Pngs.encode(heldOut.images().get(own))));
    return new ItemResult(pairId, captions.get(own), "nearest: " + captions.get(r.nearest()), captions.get(own),
        r.rank() == 1, (double) r.rank(), generatedPng, detail);
  }

  static Ranking rank(int own, HeldOut heldOut, double[] drawing) {
    List<Integer> candidates = candidates(own, heldOut.captions());
    List<double[]> thumbs = heldOut.thumbnails();
    double ownDistance = distance(drawing, thumbs.get(own));
    int rank = 1;
    int nearest = own;
    double nearestDistance = ownDistance;
    for (int c : candidates.subList(1, candidates.size())) {
      double d = distance(drawing, thumbs.get(c));
      // a tie is not a match: a blank generation equidistant from all must not count as right
      if (d <= ownDistance) {
        rank++;
      }
      if (d < nearestDistance || (d == nearestDistance && nearest == own)) {
        nearest = c;
        nearestDistance = d;
      }
    }
    return new Ranking(candidates, rank, nearest);
  }

  /**
   * The pair itself, then the next pairs (cyclically, in the held-out order) whose captions differ
   * from its own and from each other, up to {@code CANDIDATES} in all: one emoji drawn by two
   * vendors has one caption, and a second drawing of the prompt is no wrong answer.
   */
  static List<Integer> candidates(int own, List<String> captions) {
    List<Integer> out = new ArrayList<>(List.of(own));
    Set<String> seen = new HashSet<>(List.of(captions.get(own)));
    for (int k = 1; k < captions.size() && out.size() < CANDIDATES; k++) {
      int c = (own + k) % captions.size();
      if (seen.add(captions.get(c))) {
        out.add(c);
      }
    }
    return out;
  }

  /** Accuracy (rank 1) with its Wilson interval against the mean of one over each item's candidates. */
  static List<MetricRow> score(List<ItemResult> items) {
    long right = 0;
    double chance = 0;
    double candidates = 0;
    for (ItemResult i : items) {
      right += Boolean.TRUE.equals(i.correct()) ? 1 : 0;
      chance += 1.0 / i.number("candidates");
      candidates += i.number("candidates");
    }
    int n = items.size();
    List<MetricRow> rows = new ArrayList<>();
    rows.add(MetricRow.of("accuracy", ConfidenceInterval.wilson(right, n), n == 0 ? Double.NaN : chance / n));
    rows.add(MetricRow.point("candidates_per_caption", n == 0 ? 0 : candidates / n, n));
    return rows;
  }

  /** Area-averaged {@code THUMB x THUMB} RGB in [0, 1], row-major, channel-last. */
  static double[] thumbnail(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    double[] sum = new double[THUMB * THUMB * 3];
    int[] count = new int[THUMB * THUMB];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int cell = (y * THUMB / h) * THUMB + x * THUMB / w;
        int rgb = image.getRGB(x, y);
        sum[3 * cell] += ((rgb >> 16) & 0xFF) / 255.0;
        sum[3 * cell + 1] += ((rgb >> 8) & 0xFF) / 255.0;
        sum[3 * cell + 2] += (rgb & 0xFF) / 255.0;
        count[cell]++;
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= Math.max(1, count[i / 3]);
    }
    return sum;
  }

  static double distance(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return d;
  }
}
