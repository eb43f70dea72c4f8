package dev.synergen.training.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Samples one id from host logits with temperature, top-k and top-p. Runs on the host so a seed
 * gives the same choices on every device; the logits of one step are small (one row per stream).
 */
public final class TokenSampler {
  private TokenSampler() {}

  /**
   * Samples from {@code logits[from, from+n)}; ids with {@code allowed[i] == false} are never
   * chosen (null = all allowed). Returns an index in [0, n).
   */
  public static int sample(float[] logits, int from, int n, boolean[] allowed, SamplingConfig cfg,
      SplittableRandom random) {
    if (cfg.isGreedy()) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if ((allowed == null || allowed[i]) && (best < 0 || logits[from + i] > logits[from + best])) {
          best = i;
        }
      }
      return best;
    }
    Integer[] order = new Integer[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (allowed == null || allowed[i]) {
        order[count++] = i;
      }
    }
    Integer[] candidates = Arrays.copyOf(order, count);
    Arrays.sort(candidates, (a, b) -> Float.compare(logits[from + b], logits[from + a]));
    int keep = cfg.topK() > 0 ? Math.min(cfg.topK(), count) : count;
    double max = logits[from + candidates[0]] / cfg.temperature();
    double[] p = new double[keep];
    double sum = 0;
    for (int i = 0; i < keep; i++) {
      p[i] = Math.exp(logits[from + candidates[i]] / cfg.temperature() - max);
      sum += p[i];
    }
    if (cfg.topP() < 1) {
      double cumulative = 0;
      int cut = keep;
      for (int i = 0; i < keep; i++) {
        cumulative += p[i] / sum;
        if (cumulative >= cfg.topP()) {
          cut = i + 1;
          break;
        }
      }
      keep = cut;
      sum = 0;
      for (int i = 0; i < keep; i++) {
        sum += p[i];
      }
    }
    double u = random.nextDouble() * sum;
    for (int i = 0; i < keep; i++) {
      u -= p[i];
      if (u <= 0) {
        return candidates[i];
      }
    }
    return candidates[keep - 1];
  }
}
