package dev.synergen.training.optim;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.nn.Gradients;
import dev.synergen.tokenization.nn.Optimizer;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.LossOutput;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;

/**
 * One reusable unit of training: zero gradients, forward and loss on a {@link SequenceBatch},
 * backward, clip, optimizer update at the scheduled rate. All per-batch native memory lives in a
 * scope closed at the end of the step.
 *
 * <p>A step whose loss or global gradient norm is not finite applies no update (the weights and
 * optimizer state stay as they were) and is reported as skipped; after {@code maxBadSteps} such
 * steps in a row the run stops with {@code TRAINING_LOSS_NOT_FINITE}, since the model, not one
 * batch, is then broken.
 */
public final class TrainStep {
  /**
   * DJL's PyTorch gradient collector is one per JVM (a second concurrent one is refused, and
   * overlapping autograd passes crashed libtorch in a probe), so workers that share an executor JVM
   * (local mode) take turns step by step; each step may then use every core.
   */
  private static final Object ONE_STEP_PER_JVM = new Object();

  private final SynerGenModel model;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final double imageLossWeight;
  private final double clipNorm;
  private final int maxBadSteps;
  private final FaultPlan faults;
  private int badInARow;

  /** {@code clipNorm <= 0} disables clipping. */
  public TrainStep(SynerGenModel model, Optimizer optimizer, LearningRateSchedule schedule, double imageLossWeight,
      double clipNorm, int maxBadSteps) {
    this(model, optimizer, schedule, imageLossWeight, clipNorm, maxBadSteps, FaultPlan.none());
  }

  /**
   * As above; {@code faults} may simulate a non-finite loss at point {@code non_finite_loss}
   * (coordinate {@code step}) to drill the skip-and-replay path.
   */
  public TrainStep(SynerGenModel model, Optimizer optimizer, LearningRateSchedule schedule, double imageLossWeight,
      double clipNorm, int maxBadSteps, FaultPlan faults) {
    this.faults = faults;
    if (maxBadSteps < 1) {
      throw new IllegalArgumentException("maxBadSteps must be >= 1, got " + maxBadSteps);
    }
    this.model = model;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.imageLossWeight = imageLossWeight;
    this.clipNorm = clipNorm;
    this.maxBadSteps = maxBadSteps;
  }

  /** The paper's objective (lambda 2) with clipping at 1.0, stopping at the first non-finite step. */
  public TrainStep(SynerGenModel model, Optimizer optimizer, LearningRateSchedule schedule) {
    this(model, optimizer, schedule, SynerGenModel.DEFAULT_IMAGE_LOSS_WEIGHT, 1.0, 1);
  }

  public StepResult run(SequenceBatch batch) {
    synchronized (ONE_STEP_PER_JVM) {
      return step(batch);
    }
  }

  private StepResult step(SequenceBatch batch) {
    long start = System.nanoTime();
    long step = optimizer.steps();
    double lr = schedule.at(step);
    Gradients.zero(optimizer.parameters());
    double total;
    double text;
    double image;
    try (NDManager scope = model.newScope();
        GradientCollector collector = scope.getEngine().newGradientCollector()) {
      LossOutput loss = model.loss(scope, batch, imageLossWeight);
      collector.backward(loss.total());
      total = loss.totalValue();
      text = loss.textValue();
      image = loss.imageValue();
    }
    if (faults.matches("non_finite_loss", "step", step + 1)) {
      total = Double.NaN;
    }
    double norm = Double.isFinite(total) ? (clipNorm > 0 ? Gradients.clipGlobalNorm(optimizer.parameters(), clipNorm)
        : Gradients.globalNorm(optimizer.parameters())) : Double.NaN;
    boolean skipped = !Double.isFinite(total) || !Double.isFinite(norm);
    if (skipped) {
      Gradients.zero(optimizer.parameters());
      badInARow++;
      if (badInARow >= maxBadSteps) {
        throw TrainingErrors.error(TrainingErrors.TRAINING_LOSS_NOT_FINITE, badInARow + " step(s) in a row ending at"
            + " step " + step + " had a non-finite loss or gradient (loss " + total + ", text " + text + ", image "
            + image + ", gradient norm " + norm + ", lr " + lr + "); each was skipped without an update. Look at the"
            + " replay files of the first one in the output directory, or lower the learning rate");
      }
      optimizer.restoreSteps(step + 1);
    } else {
      badInARow = 0;
      optimizer.step(lr);
    }
    return new StepResult(step, total, text, image, lr, norm, batch.textTargets(), batch.imageTargets(),
        batch.unfoldedTokens(), batch.foldedPositions(), (System.nanoTime() - start) / 1e6, skipped);
  }
}
