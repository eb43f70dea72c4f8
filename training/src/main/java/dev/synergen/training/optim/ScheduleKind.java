package dev.synergen.training.optim;

import dev.synergen.training.TrainingErrors;

/** Shapes of the learning-rate schedule; both start with a linear warm-up. */
public enum ScheduleKind {
  /** Warm-up, then the peak rate until the end (stage S1 of the paper: 1e-4). */
  CONSTANT,
  /** Warm-up, then cosine decay to {@code peak * minLrRatio} at the last step (stage S2: 5e-5). */
  COSINE;

  /** The schedule over {@code totalSteps} optimizer steps. */
  public LearningRateSchedule schedule(double peak, long warmupSteps, long totalSteps, double minLrRatio) {
    if (warmupSteps >= totalSteps) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_CONFIG_INVALID, "warm-up of " + warmupSteps + " steps must be shorter"
          + " than the run of " + totalSteps + " steps; lower train.warmup_steps or train longer");
    }
    if (this == COSINE) {
      return LearningRateSchedule.warmupCosine(peak, warmupSteps, totalSteps, peak * minLrRatio);
    }
    LearningRateSchedule constant = LearningRateSchedule.constant(peak);
    return step -> step < warmupSteps ? peak * (step + 1) / warmupSteps : constant.at(step);
  }
}
