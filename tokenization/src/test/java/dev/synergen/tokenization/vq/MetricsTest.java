package dev.synergen.tokenization.vq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static ImageBatch flat(int size, float value) {
    float[] pixels = new float[3 * size * size];
    Arrays.fill(pixels, value);
    return new ImageBatch(1, size, pixels);
  }

  private static ImageBatch noise(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[3 * size * size];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    return new ImageBatch(1, size, pixels);
  }

  @Test
  void psnrOfAKnownError() {
    assertEquals(0.0625, ReconstructionMetrics.mse(flat(4, 0.5f), flat(4, 0.25f), 0), 1e-12);
    assertEquals(10 * Math.log10(16), ReconstructionMetrics.meanPsnr(flat(4, 0.5f), flat(4, 0.25f)), 1e-9);
    assertEquals(20.0, ReconstructionMetrics.psnr(0.01), 1e-9);
  }

  @Test
  void psnrOfAnExactCopyIsCapped() {
    ImageBatch x = noise(8, 1);
    assertEquals(ReconstructionMetrics.MAX_PSNR, ReconstructionMetrics.meanPsnr(x, x));
  }

  @Test
  void ssimOfAnImageWithItselfIsOne() {
    ImageBatch x = noise(16, 2);
    assertEquals(1.0, ReconstructionMetrics.meanSsim(x, x), 1e-12);
  }

  @Test
  void ssimOfTwoFlatImagesIsTheLuminanceTerm() {
    // no variance: SSIM = (2ab + C1) / (a^2 + b^2 + C1) with C1 = (0.01)^2
    double c1 = 1e-4;
    double expected = (2 * 0.5 * 0.25 + c1) / (0.25 + 0.0625 + c1);
    assertEquals(expected, ReconstructionMetrics.meanSsim(flat(12, 0.5f), flat(12, 0.25f)), 1e-9);
  }

  @Test
  void ssimFallsWithNoise() {
    ImageBatch x = noise(32, 3);
    float[] noisy = x.pixels().clone();
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = (float) Math.min(1, Math.max(0, noisy[i] + random.nextGaussian() * 0.2));
    }
    double ssim = ReconstructionMetrics.meanSsim(x, new ImageBatch(1, 32, noisy));
    assertEquals(true, ssim > 0.2 && ssim < 0.9, "SSIM of noise at sigma 0.2 was " + ssim);
  }

  @Test
  void ssimNeedsTheWholeWindow() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> ReconstructionMetrics.meanSsim(flat(8, 0f), flat(8, 0f)));
    assertEquals("[VQ_IMAGE_INVALID] SSIM needs images of at least 11x11 pixels, got 8x8", e.getMessage());
  }

  @Test
  void usageAndPerplexityOfAHistogram() {
    long[] histogram = CodebookMetrics.histogram(new int[] {0, 1, 1, 0}, 4);
    assertEquals("[2, 2, 0, 0]", Arrays.toString(histogram));
    assertEquals(0.5, CodebookMetrics.usage(histogram));
    assertEquals(2.0, CodebookMetrics.perplexity(histogram), 1e-12);
    assertEquals(4.0, CodebookMetrics.perplexity(new long[] {5, 5, 5, 5}), 1e-12);
    assertEquals(1.0, CodebookMetrics.perplexity(new long[] {9, 0, 0, 0}), 1e-12);
  }

  @Test
  void histogramRefusesCodesOutsideTheCodebook() {
    PipelineException e = assertThrows(PipelineException.class, () -> CodebookMetrics.histogram(new int[] {0, 4}, 4));
    assertEquals("[VQ_CODES_INVALID] code 4 at position 1 is outside the codebook [0, 4)", e.getMessage());
  }
}
