package dev.synergen.eval.metrics;

import dev.synergen.eval.EvalErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D (Vedantam, Zitnick and Parikh, CVPR 2015) exactly as coco-caption's {@code cider_scorer.py}
 * computes it: for n = 1..4, TF-IDF vectors of n-gram counts with IDF {@code log(N) - log(max(1, df))}
 * (N images, df = images whose references contain the n-gram), the candidate's weights clipped by the
 * reference's, cosine similarity times a Gaussian length penalty (sigma 6), averaged over n and over
 * the references, times 10.
 *
 * <p>Two properties of the reference implementation are kept on purpose so that numbers compare with
 * published ones: the length in the penalty is the number of bigrams (words - 1), and the document
 * frequencies come from the references of the corpus being scored, so a corpus of one image scores 0.
 */
public final class CiderD {
  public static final int MAX_N = 4;
  public static final double SIGMA = 6.0;

  /** The corpus score (mean of the per-sample scores) and one score per example, in input order. */
  public record Scores(double corpus, List<Double> perSample) {
    public Scores {
      perSample = List.copyOf(perSample);
    }

    public double[] perSampleArray() {
      return perSample.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  private CiderD() {}

  public static Scores score(List<CaptionExample> examples) {
    if (examples.isEmpty()) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "CIDEr-D needs >= 1 caption example, got 0");
    }
    List<List<List<Map<String, Integer>>>> refCounts = new ArrayList<>();
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (CaptionExample e : examples) {
      List<List<Map<String, Integer>>> counts = e.references().stream().map(r -> NGrams.count(r, MAX_N)).toList();
      refCounts.add(counts);
      // an image counts once per n-gram, however many of its references contain it
      Set<String> seen = new HashSet<>();
      counts.forEach(byOrder -> byOrder.forEach(m -> seen.addAll(m.keySet())));
      seen.forEach(g -> documentFrequency.merge(g, 1, Integer::sum));
    }
    double logImages = Math.log(examples.size());
    List<Double> scores = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      TfIdf candidate = new TfIdf(NGrams.count(examples.get(i).candidate(), MAX_N), documentFrequency, logImages);
      double[] sum = new double[MAX_N];
      for (List<Map<String, Integer>> ref : refCounts.get(i)) {
        double[] sim = similarity(candidate, new TfIdf(ref, documentFrequency, logImages));
        for (int n = 0; n < MAX_N; n++) {
          sum[n] += sim[n];
        }
      }
      double meanOverN = java.util.Arrays.stream(sum).sum() / MAX_N;
      scores.add(10.0 * meanOverN / refCounts.get(i).size());
    }
    return new Scores(scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), scores);
  }

  /** Per order n: sum of min(w_cand, w_ref) * w_ref over the candidate's n-grams / both norms * penalty. */
  private static double[] similarity(TfIdf cand, TfIdf ref) {
    double delta = cand.length - ref.length;
    double penalty = Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
    double[] val = new double[MAX_N];
    for (int n = 0; n < MAX_N; n++) {
      for (Map.Entry<String, Double> e : cand.weights.get(n).entrySet()) {
        double r = ref.weights.get(n).getOrDefault(e.getKey(), 0.0);
        val[n] += Math.min(e.getValue(), r) * r;
      }
      // an empty order (e.g. no 4-grams in a 3-word caption) has norm 0 and contributes 0
      if (cand.norms[n] != 0 && ref.norms[n] != 0) {
        val[n] /= cand.norms[n] * ref.norms[n];
      }
      val[n] *= penalty;
    }
    return val;
  }

  /** TF-IDF weights per order, their L2 norms, and the caption's length as the reference counts it (bigrams). */
  private static final class TfIdf {
    final List<Map<String, Double>> weights = new ArrayList<>();
    final double[] norms = new double[MAX_N];
    final int length;

    TfIdf(List<Map<String, Integer>> counts, Map<String, Integer> documentFrequency, double logImages) {
      for (int n = 0; n < MAX_N; n++) {
        Map<String, Double> w = new HashMap<>();
        double squares = 0;
        for (Map.Entry<String, Integer> e : counts.get(n).entrySet()) {
          double idf = logImages - Math.log(Math.max(1.0, documentFrequency.getOrDefault(e.getKey(), 0)));
          double weight = e.getValue() * idf;
          w.put(e.getKey(), weight);
          squares += weight * weight;
        }
        weights.add(w);
        norms[n] = Math.sqrt(squares);
      }
      // cider_scorer.py adds term frequencies where its 0-based order index is 1, i.e. counts bigrams
      this.length = counts.get(1).values().stream().mapToInt(Integer::intValue).sum();
    }
  }
}
