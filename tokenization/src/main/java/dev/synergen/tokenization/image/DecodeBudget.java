package dev.synergen.tokenization.image;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap that concurrent decodes of one JVM may hold, shared by all tasks of an executor: each
 * decode reserves what its header promises before it allocates a pixel and gives it back when it
 * ends, so two tasks decoding two large images take turns instead of running the heap out together.
 *
 * <p>One pool per budget size (a JVM normally has one), accounted in KiB so a semaphore can count
 * terabytes; fair, so a large reservation is not starved by a stream of small ones.
 */
final class DecodeBudget {
  private static final ConcurrentHashMap<Long, DecodeBudget> POOLS = new ConcurrentHashMap<>();

  private final long bytes;
  private final Semaphore kib;

  private DecodeBudget(long bytes) {
    this.bytes = bytes;
    this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, toKib(bytes)), true);
  }

  static DecodeBudget of(long bytes) {
    return POOLS.computeIfAbsent(bytes, DecodeBudget::new);
  }

  long bytes() {
    return bytes;
  }

  /** Whether a decode of {@code estimate} bytes could ever run, i.e. fits the whole budget. */
  boolean fits(long estimate) {
    return estimate <= bytes;
  }

  /** Reserves {@code estimate} bytes, waiting up to {@code millis}; false if they did not free up in time. */
  boolean reserve(long estimate, long millis) throws InterruptedException {
    return kib.tryAcquire(permits(estimate), millis, TimeUnit.MILLISECONDS);
  }

  void release(long estimate) {
    kib.release(permits(estimate));
  }

  private int permits(long estimate) {
    return (int) Math.max(1, Math.min(toKib(estimate), toKib(bytes)));
  }

  private static long toKib(long bytes) {
    return (bytes + 1023) / 1024;
  }
}
