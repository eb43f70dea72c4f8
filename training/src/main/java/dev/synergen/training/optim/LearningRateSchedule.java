package dev.synergen.training.optim;

import dev.synergen.training.TrainingErrors;

/** Learning rate as a pure function of the 0-based optimizer step. */
@FunctionalInterface
public interface LearningRateSchedule {

  double at(long step);

  /** Stage S1: a constant rate (1e-4 in the paper). */
  static LearningRateSchedule constant(double lr) {
    if (!(lr > 0)) {
      throw TrainingErrors.error(TrainingErrors.SCHEDULE_INVALID, "learning rate must be > 0, got " + lr);
    }
    return step -> lr;
  }

  /**
   * Linear warm-up from lr/warmup to {@code peak} over {@code warmupSteps}, then cosine decay to
   * {@code floor} at {@code totalSteps}, constant afterwards (stage S2: peak 5e-5, 200 warm-up steps).
   */
  static LearningRateSchedule warmupCosine(double peak, long warmupSteps, long totalSteps, double floor) {
    if (!(peak > 0) || floor < 0 || floor > peak || warmupSteps < 0 || totalSteps <= warmupSteps) {
      throw TrainingErrors.error(TrainingErrors.SCHEDULE_INVALID, "warm-up cosine needs peak > 0, 0 <= floor <= peak and 0 <= warmup < total;"
          + " got peak " + peak + ", floor " + floor + ", warmup " + warmupSteps + ", total " + totalSteps);
    }
    return step -> {
      if (step < warmupSteps) {
        return peak * (step + 1) / warmupSteps;
      }
      if (step >= totalSteps) {
        return floor;
      }
      double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
      return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    };
  }
}
