package dev.synergen.training.train;

import dev.synergen.core.PipelineException;
import dev.synergen.training.optim.StepResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * The single worker's sink: advances the {@link TrainingState} step by step, and every {@code
 * logEvery} steps (and before each checkpoint) prints a progress line and buffers a {@code
 * training_metrics} row summarising the interval.
 */
final class TrainProgress implements WorkerLoop.Sink {
  static final int WORKER = 0;

  private final TrainingState state;
  private final MetricsLog log;
  private final PrintStream out;
  private final long totalSteps;
  private final int logEvery;
  private final int checkpointEvery;
  private final LongConsumer afterStep;

  private long steps;
  private double loss;
  private double textLoss;
  private double imageLoss;
  private double lastLr;
  private long tokens;
  private long samples;
  private double stepMillis;
  private long intervalStart = System.nanoTime();

  TrainProgress(TrainingState state, MetricsLog log, PrintStream out, long totalSteps, int logEvery,
      int checkpointEvery, LongConsumer afterStep) {
    this.state = state;
    this.log = log;
    this.out = out;
    this.totalSteps = totalSteps;
    this.logEvery = logEvery;
    this.checkpointEvery = checkpointEvery;
    this.afterStep = afterStep;
  }

  /** The round a step belongs to: round r ends with the checkpoint at step r * checkpointEvery. */
  static int round(long step, int checkpointEvery) {
    return (int) ((step + checkpointEvery - 1) / checkpointEvery);
  }

  @Override
  public void onStep(WorkerLoop.StepReport report) {
    StepResult r = report.result();
    state.step++;
    state.position = report.last().position();
    state.rowsTrained += report.rows();
    state.samples += report.samples();
    state.tokens += r.unfoldedTokens();
    state.trainMillis += r.millis();
    steps++;
    loss += r.totalLoss();
    textLoss += r.textLoss();
    imageLoss += r.imageLoss();
    lastLr = r.learningRate();
    tokens += r.unfoldedTokens();
    samples += report.samples();
    stepMillis += r.millis();
    if (state.step % logEvery == 0 || state.step == totalSteps) {
      endInterval();
    }
    afterStep.accept(state.step);
  }

  @Override
  public void onReject(SequenceRow row, PipelineException reason) {
    state.rejected.merge(reason.errorClass(), 1L, Long::sum);
    log.reject(row.seqId(), reason.errorClass(), reason.getMessage());
  }

  /** Logs the steps since the last line, if any (called before every checkpoint). */
  void endInterval() {
    if (steps == 0) {
      return;
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - intervalStart) / 1e9);
    state.lastLoss = loss / steps;
    state.lastTextLoss = textLoss / steps;
    state.lastImageLoss = imageLoss / steps;
    log.metric(round(state.step, checkpointEvery), WORKER, state.step, state.lastLoss, state.lastTextLoss,
        state.lastImageLoss, lastLr, tokens, stepMillis / steps);
    long left = Math.max(0, totalSteps - state.step);
    out.println(String.format(Locale.ROOT, "step %d/%d (epoch %d)  loss %.4f  text %.4f  image %.4f  lr %.2e  "
            + "pairs/s %.1f  tokens/s %,.0f  ETA %s", state.step, totalSteps, state.epoch + 1, state.lastLoss,
        state.lastTextLoss, state.lastImageLoss, lastLr, samples / seconds, tokens / seconds,
        duration(left * seconds / steps)));
    steps = 0;
    loss = 0;
    textLoss = 0;
    imageLoss = 0;
    tokens = 0;
    samples = 0;
    stepMillis = 0;
    intervalStart = System.nanoTime();
  }

  /** Restarts the wall clock of the interval (after a checkpoint, whose time is not training time). */
  void restartClock() {
    intervalStart = System.nanoTime();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
