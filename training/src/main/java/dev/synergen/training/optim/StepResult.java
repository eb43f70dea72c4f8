package dev.synergen.training.optim;

/**
 * What one training step did: losses, learning rate, gradient norm, work and time. A skipped step
 * (non-finite loss or gradient) applied no update; its losses or norm say what was non-finite.
 */
public record StepResult(long step, double totalLoss, double textLoss, double imageLoss, double learningRate,
    double gradientNorm, int textTargets, long imageTargets, long unfoldedTokens, long foldedPositions, double millis,
    boolean skipped) {}
