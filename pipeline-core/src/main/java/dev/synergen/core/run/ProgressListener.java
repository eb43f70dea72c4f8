package dev.synergen.core.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Live progress of a job on stderr: the running stage, its tasks done/total, rows and rows/s, ETA. On a terminal
 * it redraws one line every second; otherwise (CI, log files) it prints a plain line every
 * {@code plainEverySeconds} when something changed. Rows come from accumulators named
 * {@value #ROWS_ACCUMULATOR}, which jobs increment per processed record.
 */
public final class ProgressListener extends SparkListener implements AutoCloseable {
  public static final String ROWS_ACCUMULATOR = "synergen.rows";

  private final SparkContext context;
  private final PrintStream out;
  private final boolean terminal;
  private final long startedNanos = System.nanoTime();
  private final Map<Integer, StageState> stages = new ConcurrentHashMap<>();
  private final Map<Integer, String> stageDescriptions = new ConcurrentHashMap<>();
  private final AtomicLong rows = new AtomicLong();
  private final ScheduledExecutorService ticker;
  private volatile String lastLine = "";
  private volatile int currentStage = -1;

  private ProgressListener(SparkContext context, PrintStream out, boolean terminal, int plainEverySeconds) {
    this.context = context;
    this.out = out;
    this.terminal = terminal;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "synergen-progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal ? 1 : plainEverySeconds;
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
  }

  /** Attaches to the context; mode from {@code -Dsynergen.progress=tty|plain|off}, default by terminal detection. */
  public static ProgressListener attach(SparkContext context, PrintStream out) {
    String mode = System.getProperty("synergen.progress", System.console() != null ? "tty" : "plain");
    ProgressListener listener = new ProgressListener(context, out, mode.equals("tty"),
        Integer.getInteger("synergen.progress.seconds", 10));
    if (!mode.equals("off")) {
      context.addSparkListener(listener);
    }
    return listener;
  }

  public long rows() {
    return rows.get();
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String description = jobStart.properties() == null ? null : jobStart.properties().getProperty("spark.job.description");
    for (StageInfo s : CollectionConverters.asJava(jobStart.stageInfos())) {
      stageDescriptions.put(s.stageId(), description != null ? description : s.name());
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    StageInfo info = submitted.stageInfo();
    stages.put(info.stageId(), new StageState(info.numTasks(), System.nanoTime()));
    currentStage = info.stageId();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    StageState state = stages.get(taskEnd.stageId());
    if (state != null && taskEnd.taskInfo().successful()) {
      state.done.incrementAndGet();
    }
    for (AccumulableInfo acc : CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (acc.name().isDefined() && ROWS_ACCUMULATOR.equals(acc.name().get()) && acc.update().isDefined()
          && acc.update().get() instanceof Number n) {
        rows.addAndGet(n.longValue());
        if (state != null) {
          state.rows.addAndGet(n.longValue());
        }
      }
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    StageState state = stages.get(completed.stageInfo().stageId());
    if (state != null) {
      state.finished = true;
    }
  }

  private synchronized void tick() {
    try {
      String line = render();
      if (line == null) {
        // No stage running (the driver is at work, e.g. training): clear rather than repeat a stale line.
        pause();
        return;
      }
      if (terminal) {
        out.print("\r" + line + "\u001b[K");
        out.flush();
      } else if (!line.equals(lastLine)) {
        out.println(line);
      }
      lastLine = line;
    } catch (RuntimeException e) {
      // Progress must never take a job down; a rendering bug only loses a progress line.
    }
  }

  String render() {
    int stageId = currentStage;
    StageState state = stages.get(stageId);
    if (state == null || state.finished) {
      return null;
    }
    double elapsed = (System.nanoTime() - startedNanos) / 1e9;
    double stageElapsed = (System.nanoTime() - state.startedNanos) / 1e9;
    int done = state.done.get();
    String eta = "";
    if (done > 0 && done < state.total && !state.finished) {
      eta = ", ETA " + clock(stageElapsed / done * (state.total - done));
    }
    // Rows and rows/s of this stage: a session runs many jobs, and their sum says nothing about this one.
    long r = state.rows.get();
    String rowPart = r > 0
        ? String.format(Locale.ROOT, ", %,d rows (%,.0f rows/s)", r, r / Math.max(stageElapsed, 1e-3)) : "";
    String what = stageDescriptions.getOrDefault(stageId, "stage " + stageId);
    return String.format(Locale.ROOT, "[%s] %s: %d/%d tasks%s%s, %s elapsed", context.appName(), shorten(what), done,
        state.total, rowPart, eta, clock(elapsed));
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Clears the live line so other output (a step's summary) starts on a clean line. */
  public synchronized void pause() {
    if (terminal && !lastLine.isEmpty()) {
      out.print("\r\u001b[K");
      out.flush();
    }
    lastLine = "";
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    context.removeSparkListener(this);
    if (terminal && !lastLine.isEmpty()) {
      out.println();
    }
  }

  private static final class StageState {
    final int total;
    final long startedNanos;
    final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    final AtomicLong rows = new AtomicLong();
    volatile boolean finished;

    StageState(int total, long startedNanos) {
      this.total = total;
      this.startedNanos = startedNanos;
    }
  }
}
