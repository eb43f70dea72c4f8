package dev.synergen.training.worker;

import dev.synergen.core.run.FaultPlan;
import dev.synergen.training.model.ParameterGroup;
import dev.synergen.training.optim.LearningRateSchedule;
import dev.synergen.training.optim.ScheduleKind;
import java.io.Serializable;
import java.util.Set;

/**
 * The settings a training worker needs inside its task, derived by the driver from the job's
 * config: what trains, the inner optimizer and its schedule, the loss, clipping and logging.
 *
 * @param innerOptimizer adamw or sgd
 * @param outerLr the outer Nesterov rate in force for this run's worker count
 * @param outerMomentum the outer momentum in force for this run's worker count
 */
public record WorkerSettings(Set<ParameterGroup> trainable, String innerOptimizer, double weightDecay,
    ScheduleKind schedule, double peakLearningRate, long warmupSteps, double minLrRatio, double imageLossWeight,
    double clipNorm, int maxBadSteps, int batchSize, int logEvery, String device, FaultPlan faults, double outerLr,
    double outerMomentum) implements Serializable {

  /** The inner learning-rate schedule of a run of {@code totalSteps}. */
  public LearningRateSchedule schedule(long totalSteps) {
    return schedule.schedule(peakLearningRate, warmupSteps, totalSteps, minLrRatio);
  }
}
