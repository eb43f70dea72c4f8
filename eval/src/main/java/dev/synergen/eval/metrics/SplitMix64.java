package dev.synergen.eval.metrics;

import dev.synergen.eval.EvalErrors;
import java.util.List;

/**
 * SplitMix64 with unbiased bounded draws, written out so that a seed means the same bootstrap
 * resamples and the same benchmark probes on every JVM (the JDK does not specify the bounded draws
 * of its generators). The same algorithm as the shapes world's own generator, which is not public.
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** An independent stream per item, so item {@code index} can be rebuilt alone from (seed, index). */
  public static SplitMix64 forItem(long seed, long index) {
    return new SplitMix64(mix(mix(seed) ^ index));
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    if (bound < 1) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "random bound must be >= 1, got " + bound);
    }
    long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
    long r;
    do {
      r = nextLong() >>> 1;
    } while (r >= limit);
    return (int) (r % bound);
  }

  /** Fisher-Yates shuffle in place. */
  public <T> void shuffle(List<T> items) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      T t = items.get(i);
      items.set(i, items.get(j));
      items.set(j, t);
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
