package dev.synergen.tokenization.image;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads image decodes run on, so that the task waiting for a decode can stop waiting: a
 * decoder stuck in a loop is asked to stop ({@code ImageReader.abort()} and an interrupt, which
 * ImageIO readers check between rows and passes) and then left behind, never joined.
 *
 * <p>Threads are daemons from a cached pool: one per decode in flight, reused afterwards, so a
 * task's decodes cost a hand-off, not a thread start.
 */
final class DecodeWorkers {
  /** How long a decode that timed out gets to notice the abort before it is counted as stuck. */
  static final long GRACE_MILLIS = 1000;

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final AtomicInteger STUCK = new AtomicInteger();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(body -> {
    Thread t = new Thread(body, "synergen-image-decode-" + NEXT.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private DecodeWorkers() {}

  /** The outcome of a decode that ran out of time. */
  static final class TimedOut extends Exception {
    private final boolean stopped;

    TimedOut(boolean stopped) {
      super(null, null, false, false);
      this.stopped = stopped;
    }

    /** Whether the decoder stopped within the grace period after being asked to (else it is still running). */
    boolean stopped() {
      return stopped;
    }
  }

  /**
   * Runs {@code body} on a decode thread and waits at most {@code timeoutMillis}; on timeout calls
   * {@code abort}, interrupts the thread and gives it {@link #GRACE_MILLIS} to end.
   *
   * @throws ExecutionException with whatever {@code body} threw, Errors included
   */
  static <T> T run(Callable<T> body, long timeoutMillis, Runnable abort)
      throws TimedOut, ExecutionException, InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    Future<T> future = POOL.submit(() -> {
      try {
        return body.call();
      } finally {
        ended.countDown();
      }
    });
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abort.run();
      future.cancel(true);
      boolean stopped = ended.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
      if (!stopped) {
        STUCK.incrementAndGet();
      }
      throw new TimedOut(stopped);
    } catch (InterruptedException e) {
      // the task itself was cancelled: stop the decode too, and let the caller see the interrupt
      abort.run();
      future.cancel(true);
      throw e;
    }
  }

  /** Decodes that ignored an abort and still run (or ran) past their grace period in this JVM. */
  static int stuck() {
    return STUCK.get();
  }
}
