package dev.synergen.tokenization.shapes;

/**
 * SplitMix64, written out so that a seed means the same scenes on every JVM version and machine
 * (the JDK documents its generators' algorithms but not all of their bounded-draw methods).
 */
final class SeededRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SeededRandom(long seed) {
    this.state = seed;
  }

  /** An independent stream per sample, so any sample can be regenerated alone from (seed, index). */
  static SeededRandom forSample(long seed, long index) {
    return new SeededRandom(mix(mix(seed) ^ index));
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, bound), without modulo bias. */
  int nextInt(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be >= 1, got " + bound);
    }
    long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
    long r;
    do {
      r = nextLong() >>> 1;
    } while (r >= limit);
    return (int) (r % bound);
  }

  /** True with probability {@code percent / 100}. */
  boolean chance(int percent) {
    return nextInt(100) < percent;
  }

  <T> T pick(T[] values) {
    return values[nextInt(values.length)];
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
