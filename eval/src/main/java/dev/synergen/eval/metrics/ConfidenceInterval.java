package dev.synergen.eval.metrics;

import dev.synergen.eval.EvalErrors;
import java.util.Arrays;

/**
 * A metric's value with its 95% confidence interval, the number of samples behind it and the method
 * that made the interval; the shape of an {@code eval_results} row's (value, ci_low, ci_high, n).
 * Metrics without an interval have NaN bounds and method {@link #NONE}.
 */
public record ConfidenceInterval(double value, double low, double high, long n, String method) {
  /** The two-sided 95% normal quantile. */
  public static final double Z_95 = 1.959964;
  public static final String WILSON = "wilson";
  public static final String BOOTSTRAP = "bootstrap-percentile";
  public static final String NONE = "none";

  public ConfidenceInterval {
    if (n < 0 || method == null || method.isBlank()) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "confidence interval needs n >= 0 and a method, got n="
          + n + " method=" + method);
    }
    if (low > high) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "confidence interval of " + value + " by " + method
          + " must have low <= high, got [" + low + ", " + high + "]");
    }
  }

  /**
   * Wilson score interval of a proportion {@code successes / n}. With n = 0 the value is undefined
   * (NaN) and the interval is the whole [0, 1], the limit of Wilson's bounds as n goes to 0: no
   * evidence either way, which is what a report should show for e.g. the precision of a model that
   * never answers "yes".
   */
  public static ConfidenceInterval wilson(long successes, long n) {
    if (n < 0 || successes < 0 || successes > n) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "wilson interval needs 0 <= successes <= n, got "
          + successes + " of " + n);
    }
    if (n == 0) {
      return new ConfidenceInterval(Double.NaN, 0.0, 1.0, 0, WILSON);
    }
    double p = (double) successes / n;
    double z2 = Z_95 * Z_95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z_95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    // at p = 0 or 1 the bound is exactly p; centre +- half can miss it by a rounding error (0.9999999999999999 for
    // 4 of 4), which puts the value outside its own interval
    double low = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
    double high = successes == n ? 1.0 : Math.min(1.0, centre + half);
    return new ConfidenceInterval(p, low, high, n, WILSON);
  }

  /**
   * Percentile bootstrap of the mean of per-sample scores (e.g. CIDEr-D per caption): {@code resamples}
   * means of n draws with replacement from a {@link SplitMix64} stream of {@code seed}; the bounds are
   * their 2.5th and 97.5th percentiles, interpolated linearly between order statistics (numpy's default).
   * A thousand resamples or more give stable bounds.
   */
  public static ConfidenceInterval bootstrap(double[] perSample, int resamples, long seed) {
    if (perSample.length == 0 || resamples < 1) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "bootstrap needs >= 1 sample and >= 1 resample, got "
          + perSample.length + " samples and " + resamples + " resamples");
    }
    for (int i = 0; i < perSample.length; i++) {
      if (!Double.isFinite(perSample[i])) {
        throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "bootstrap samples must be finite, sample " + i
            + " is " + perSample[i]);
      }
    }
    int n = perSample.length;
    SplitMix64 random = new SplitMix64(seed);
    double[] means = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += perSample[random.nextInt(n)];
      }
      means[b] = sum / n;
    }
    Arrays.sort(means);
    return new ConfidenceInterval(Arrays.stream(perSample).sum() / n, percentile(means, 0.025),
        percentile(means, 0.975), n, BOOTSTRAP);
  }

  /** A value reported without an interval (e.g. F1, which is not a proportion). */
  public static ConfidenceInterval pointEstimate(double value, long n) {
    return new ConfidenceInterval(value, Double.NaN, Double.NaN, n, NONE);
  }

  public boolean hasInterval() {
    return !Double.isNaN(low) && !Double.isNaN(high);
  }

  /** Quantile {@code q} of sorted values, linear between the order statistics at q * (count - 1). */
  static double percentile(double[] sorted, double q) {
    double h = q * (sorted.length - 1);
    int below = (int) Math.floor(h);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  }
}
