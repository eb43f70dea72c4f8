package dev.synergen.eval.metrics;

import dev.synergen.eval.EvalErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BLEU-1..4 exactly as coco-caption's {@code bleu_scorer.py} computes them for captioning: modified
 * n-gram precision (candidate counts clipped by the largest count in any one reference), geometric
 * mean over orders 1..n, brevity penalty {@code exp(1 - r/c)} when c < r with r the "closest"
 * reference length (ties go to the shorter reference).
 *
 * <p>The corpus score pools matches, n-gram counts and lengths over all examples before dividing
 * (it is not the mean of the per-sample scores). Per-sample scores are unsmoothed like the
 * reference's: its guards {@code (matches + 1e-15) / (total + 1e-9)} are kept, so an order without
 * matches makes BLEU-n tiny (a factor of 1e-15 under the n-th root) rather than exactly 0, and an
 * order the candidate is too short for contributes a factor of 1e-6.
 */
public final class Bleu {
  public static final int MAX_N = 4;
  static final double TINY = 1e-15;
  static final double SMALL = 1e-9;

  /** BLEU-1..4 of the corpus ({@code corpus.get(n - 1)}) and of each example ({@code perSample.get(i).get(n - 1)}). */
  public record Scores(List<Double> corpus, List<List<Double>> perSample) {
    public Scores {
      corpus = List.copyOf(corpus);
      perSample = perSample.stream().map(List::copyOf).toList();
    }

    public double corpus(int n) {
      return corpus.get(n - 1);
    }

    /** BLEU-n of every example, in input order. */
    public double[] perSample(int n) {
      return perSample.stream().mapToDouble(s -> s.get(n - 1)).toArray();
    }
  }

  /** What one example contributes: lengths, clipped matches and candidate n-grams per order. */
  private record Counts(int candidateLength, int referenceLength, long[] matches, long[] total) {}

  private Bleu() {}

  public static Scores score(List<CaptionExample> examples) {
    if (examples.isEmpty()) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "BLEU needs >= 1 caption example, got 0");
    }
    long candidateLength = 0;
    long referenceLength = 0;
    long[] matches = new long[MAX_N];
    long[] total = new long[MAX_N];
    List<List<Double>> perSample = new ArrayList<>();
    for (CaptionExample e : examples) {
      Counts c = counts(e);
      perSample.add(bleu(c.matches, c.total, c.candidateLength, c.referenceLength));
      candidateLength += c.candidateLength;
      referenceLength += c.referenceLength;
      for (int n = 0; n < MAX_N; n++) {
        matches[n] += c.matches[n];
        total[n] += c.total[n];
      }
    }
    return new Scores(bleu(matches, total, candidateLength, referenceLength), perSample);
  }

  private static Counts counts(CaptionExample e) {
    List<Map<String, Integer>> maxRefCounts = new ArrayList<>();
    for (int n = 0; n < MAX_N; n++) {
      maxRefCounts.add(new HashMap<>());
    }
    for (List<String> ref : e.references()) {
      List<Map<String, Integer>> counts = NGrams.count(ref, MAX_N);
      for (int n = 0; n < MAX_N; n++) {
        Map<String, Integer> max = maxRefCounts.get(n);
        counts.get(n).forEach((gram, count) -> max.merge(gram, count, Math::max));
      }
    }
    List<Map<String, Integer>> cand = NGrams.count(e.candidate(), MAX_N);
    int length = e.candidate().size();
    long[] matches = new long[MAX_N];
    long[] total = new long[MAX_N];
    for (int n = 0; n < MAX_N; n++) {
      Map<String, Integer> max = maxRefCounts.get(n);
      for (Map.Entry<String, Integer> g : cand.get(n).entrySet()) {
        matches[n] += Math.min(g.getValue(), max.getOrDefault(g.getKey(), 0));
      }
      total[n] = Math.max(0, length - n);
    }
    return new Counts(length, closestReferenceLength(e.references(), length), matches, total);
  }

  /** The reference length nearest the candidate's; of two equally near, the shorter (min over (|r - c|, r)). */
  static int closestReferenceLength(List<List<String>> references, int candidateLength) {
    int best = -1;
    for (List<String> ref : references) {
      int r = ref.size();
      int d = Math.abs(r - candidateLength);
      if (best < 0 || d < Math.abs(best - candidateLength) || d == Math.abs(best - candidateLength) && r < best) {
        best = r;
      }
    }
    return best;
  }

  private static List<Double> bleu(long[] matches, long[] total, long candidateLength, long referenceLength) {
    List<Double> scores = new ArrayList<>(MAX_N);
    double product = 1.0;
    double ratio = (candidateLength + TINY) / (referenceLength + SMALL);
    double brevity = ratio < 1 ? Math.exp(1 - 1 / ratio) : 1.0;
    for (int n = 0; n < MAX_N; n++) {
      product *= (matches[n] + TINY) / (total[n] + SMALL);
      scores.add(Math.pow(product, 1.0 / (n + 1)) * brevity);
    }
    return scores;
  }
}
