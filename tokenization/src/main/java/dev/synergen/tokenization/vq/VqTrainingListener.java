package dev.synergen.tokenization.vq;

/** Called after every training step, for progress output, metrics and checkpoints. */
@FunctionalInterface
public interface VqTrainingListener {
  void onStep(VqTrainer trainer, VqStepResult result) throws java.io.IOException;
}
