package dev.synergen.tokenization.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** The largest used heap seen while open, sampled every 50 ms on a daemon thread (GC'd garbage included). */
final class HeapPeak implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong();
  private final Thread sampler;
  private volatile boolean open = true;

  private HeapPeak() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    sampler = new Thread(() -> {
      while (open) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-peak");
    sampler.setDaemon(true);
  }

  static HeapPeak start() {
    HeapPeak h = new HeapPeak();
    h.sampler.start();
    return h;
  }

  long peakBytes() {
    return peak.get();
  }

  @Override
  public void close() {
    open = false;
    sampler.interrupt();
  }
}
