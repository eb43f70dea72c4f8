package dev.synergen.training.optim;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.synergen.core.PipelineException;
import dev.synergen.training.model.LossOutput;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;

/**
 * One reusable unit of training: zero gradients, forward and loss on a {@link SequenceBatch},
 * backward, clip, AdamW update at the scheduled rate. All per-batch native memory lives in a
 * scope closed at the end of the step.
 */
public final class TrainStep {
  public static final String NON_FINITE = "TRAINING_LOSS_NOT_FINITE";

  private final SynerGenModel model;
  private final AdamW optimizer;
  private final LearningRateSchedule schedule;
  private final double imageLossWeight;
  private final double clipNorm;

  /** {@code clipNorm <= 0} disables clipping. */
  public TrainStep(SynerGenModel model, AdamW optimizer, LearningRateSchedule schedule, double imageLossWeight,
      double clipNorm) {
    this.model = model;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.imageLossWeight = imageLossWeight;
    this.clipNorm = clipNorm;
  }

  /** The paper's objective (lambda 2) with clipping at 1.0. */
  public TrainStep(SynerGenModel model, AdamW optimizer, LearningRateSchedule schedule) {
    this(model, optimizer, schedule, SynerGenModel.DEFAULT_IMAGE_LOSS_WEIGHT, 1.0);
  }

  public StepResult run(SequenceBatch batch) {
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
    if (!Double.isFinite(total)) {
      throw new PipelineException(NON_FINITE, "loss is " + total + " at step " + step + " (text " + text + ", image "
          + image + ", lr " + lr + "); lower the learning rate or check the batch");
    }
    double norm = clipNorm > 0 ? Gradients.clipGlobalNorm(optimizer.parameters(), clipNorm)
        : Gradients.globalNorm(optimizer.parameters());
    optimizer.step(lr);
    return new StepResult(step, total, text, image, lr, norm, batch.textTargets(), batch.imageTargets(),
        batch.unfoldedTokens(), batch.foldedPositions(), (System.nanoTime() - start) / 1e6);
  }
}
