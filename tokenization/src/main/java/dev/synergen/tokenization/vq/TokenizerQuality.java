package dev.synergen.tokenization.vq;

import dev.synergen.tokenization.TokenizationErrors;
import java.util.Iterator;
import java.util.Locale;

/**
 * Reconstruction quality of a tokenizer on held-out images (the tokenizer report): mean per-image
 * PSNR and SSIM (see {@link ReconstructionMetrics}), and codebook usage and perplexity over all
 * codes of all images.
 */
public record TokenizerQuality(long images, double psnr, double ssim, double usage, double perplexity) {

  public static TokenizerQuality evaluate(VqTokenizer tokenizer, Iterator<ImageBatch> batches) {
    long[] histogram = new long[tokenizer.config().codebookSize()];
    double psnr = 0;
    double ssim = 0;
    long n = 0;
    while (batches.hasNext()) {
      ImageBatch images = batches.next();
      VqTokenizer.Reconstruction r = tokenizer.reconstruct(images);
      psnr += ReconstructionMetrics.meanPsnr(images, r.images()) * images.count();
      ssim += ReconstructionMetrics.meanSsim(images, r.images()) * images.count();
      long[] h = CodebookMetrics.histogram(r.codes().codes(), histogram.length);
      for (int i = 0; i < h.length; i++) {
        histogram[i] += h[i];
      }
      n += images.count();
    }
    if (n == 0) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "no held-out images to evaluate the tokenizer on");
    }
    return new TokenizerQuality(n, psnr / n, ssim / n, CodebookMetrics.usage(histogram),
        CodebookMetrics.perplexity(histogram));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d held-out images: PSNR %.2f dB, SSIM %.4f (11x11 gaussian), usage %.3f, "
        + "perplexity %.1f", images, psnr, ssim, usage, perplexity);
  }
}
