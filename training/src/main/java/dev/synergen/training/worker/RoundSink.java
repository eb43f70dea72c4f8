package dev.synergen.training.worker;

import dev.synergen.core.PipelineException;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.training.optim.StepResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.LongAccumulator;

/**
 * A worker's sink inside its barrier task: sums each logged interval (every {@code logEvery}
 * global steps) into a {@link WorkerReport.Interval}, keeps the refused rows, feeds the progress
 * accumulator and fires the {@code after_step} fault point.
 */
final class RoundSink implements WorkerLoop.Sink {
  private final int logEvery;
  private final long totalSteps;
  private final FaultPlan faults;
  private final LongAccumulator rowsDone;
  private final ReplayDump replay;
  private final List<WorkerReport.Interval> intervals = new ArrayList<>();
  private final List<WorkerReport.Reject> rejects = new ArrayList<>();
  private long step;
  private long steps;
  private long rows;
  private long samples;
  private long tokens;
  private double millis;
  private long skipped;

  private long n;
  private double loss;
  private double text;
  private double image;
  private double lr;
  private long intervalTokens;
  private double intervalMillis;
  private double gradNorm;
  private long intervalSkipped;
  private long intervalSamples;
  private double lastLoss = Double.NaN;
  private double lastText = Double.NaN;
  private double lastImage = Double.NaN;

  /** Saves what replaying a skipped (non-finite) step needs; called with the step and its batch's row ids. */
  @FunctionalInterface
  interface ReplayDump {
    void write(long step, double lr, List<String> seqIds);
  }

  RoundSink(long stepAtStart, int logEvery, long totalSteps, FaultPlan faults, LongAccumulator rowsDone,
      ReplayDump replay) {
    this.replay = replay;
    this.step = stepAtStart;
    this.logEvery = logEvery;
    this.totalSteps = totalSteps;
    this.faults = faults;
    this.rowsDone = rowsDone;
  }

  @Override
  public void onStep(WorkerLoop.StepReport report) {
    StepResult r = report.result();
    step++;
    steps++;
    rows += report.rows();
    samples += report.samples();
    tokens += r.unfoldedTokens();
    millis += r.millis();
    if (r.skipped()) {
      if (skipped == 0 && replay != null) {
        replay.write(step, r.learningRate(), report.seqIds());
      }
      skipped++;
      intervalSkipped++;
    } else {
      n++;
      loss += r.totalLoss();
      text += r.textLoss();
      image += r.imageLoss();
    }
    lr = r.learningRate();
    intervalTokens += r.unfoldedTokens();
    intervalMillis += r.millis();
    intervalSamples += report.samples();
    gradNorm = Math.max(gradNorm, Double.isFinite(r.gradientNorm()) ? r.gradientNorm() : 0);
    if (rowsDone != null) {
      rowsDone.add(report.rows());
    }
    if (step % logEvery == 0 || step == totalSteps) {
      flush();
    }
    faults.at("after_step", "step", step);
  }

  @Override
  public void onReject(SequenceRow row, PipelineException reason) {
    rejects.add(new WorkerReport.Reject(row.seqId(), reason.errorClass(), reason.getMessage()));
  }

  /** Closes the open interval, if any steps are in it. */
  void flush() {
    long inInterval = n + intervalSkipped;
    if (inInterval == 0) {
      return;
    }
    double l = n == 0 ? Double.NaN : loss / n;
    double t = n == 0 ? Double.NaN : text / n;
    double i = n == 0 ? Double.NaN : image / n;
    intervals.add(new WorkerReport.Interval(step, l, t, i, lr, intervalTokens, intervalMillis / inInterval, gradNorm,
        intervalSkipped, intervalSamples));
    if (n > 0) {
      lastLoss = l;
      lastText = t;
      lastImage = i;
    }
    n = 0;
    loss = 0;
    text = 0;
    image = 0;
    intervalTokens = 0;
    intervalMillis = 0;
    gradNorm = 0;
    intervalSkipped = 0;
    intervalSamples = 0;
  }

  WorkerReport report(int worker, int attempt, String executor, String assignedGpu, String device,
      double exchangeMillis, long written, long read, long stateBytes) {
    flush();
    return new WorkerReport(worker, attempt, executor, assignedGpu, device, steps, rows, samples, tokens, millis,
        exchangeMillis, written, read, stateBytes, skipped, lastLoss, lastText, lastImage, List.copyOf(intervals), List.copyOf(rejects));
  }
}
