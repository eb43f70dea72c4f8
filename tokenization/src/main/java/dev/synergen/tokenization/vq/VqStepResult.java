package dev.synergen.tokenization.vq;

/**
 * What one training step did.
 *
 * @param reconstructionMse mean squared error of the batch's reconstruction, pixels in [0, 1]
 * @param psnr the batch's reconstruction PSNR in dB (peak 1), from {@code reconstructionMse}
 * @param codebookUsage fraction of the codebook that the batch's codes used
 * @param perplexity exp of the entropy of the batch's code histogram
 * @param restartedCodes codes moved onto encoder outputs because they fell out of use
 * @param gradientNorm global gradient norm before clipping
 */
public record VqStepResult(
    int step,
    float loss,
    float reconstructionMse,
    float psnr,
    float commitmentLoss,
    float codebookUsage,
    float perplexity,
    int restartedCodes,
    float learningRate,
    float gradientNorm,
    long millis) {

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "step %d loss %.5f mse %.5f psnr %.2f dB commit %.5f usage %.3f perplexity %.1f restarts %d lr %.2e |g| %.3f %d ms",
        step, loss, reconstructionMse, psnr, commitmentLoss, codebookUsage, perplexity, restartedCodes, learningRate,
        gradientNorm, millis);
  }
}
