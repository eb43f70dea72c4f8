package dev.synergen.tokenization.vq;

import dev.synergen.tokenization.TokenizationErrors;

/**
 * Reconstruction quality of image batches with pixels in [0, 1]: mean squared error, PSNR (peak 1)
 * and SSIM with the standard window of Wang et al. (2004): 11x11 Gaussian, sigma 1.5,
 * K1 = 0.01, K2 = 0.03, over the valid region only (no padding), averaged over the RGB channels.
 * Batch figures are means of per-image values.
 */
public final class ReconstructionMetrics {
  public static final int SSIM_WINDOW = 11;
  public static final double SSIM_SIGMA = 1.5;
  /** PSNR of an exact reconstruction, which would otherwise be infinite. */
  public static final double MAX_PSNR = 100.0;

  private static final double C1 = 0.01 * 0.01;
  private static final double C2 = 0.03 * 0.03;
  private static final double[] GAUSSIAN = gaussian(SSIM_WINDOW, SSIM_SIGMA);

  private ReconstructionMetrics() {}

  public static double mse(ImageBatch expected, ImageBatch actual, int image) {
    checkPair(expected, actual);
    int per = 3 * expected.size() * expected.size();
    double sum = 0;
    for (int i = image * per; i < (image + 1) * per; i++) {
      double d = expected.pixels()[i] - actual.pixels()[i];
      sum += d * d;
    }
    return sum / per;
  }

  /** PSNR in dB of one mean squared error with peak 1, capped at {@link #MAX_PSNR}. */
  public static double psnr(double mse) {
    return mse <= 0 ? MAX_PSNR : Math.min(MAX_PSNR, 10 * Math.log10(1.0 / mse));
  }

  /** Mean over images of each image's PSNR. */
  public static double meanPsnr(ImageBatch expected, ImageBatch actual) {
    checkPair(expected, actual);
    double sum = 0;
    for (int n = 0; n < expected.count(); n++) {
      sum += psnr(mse(expected, actual, n));
    }
    return sum / expected.count();
  }

  /** Mean over images of each image's SSIM. */
  public static double meanSsim(ImageBatch expected, ImageBatch actual) {
    checkPair(expected, actual);
    double sum = 0;
    for (int n = 0; n < expected.count(); n++) {
      sum += ssim(expected, actual, n);
    }
    return sum / expected.count();
  }

  /** SSIM of one image, the mean of its three channels' SSIM maps over the valid region. */
  public static double ssim(ImageBatch expected, ImageBatch actual, int image) {
    checkPair(expected, actual);
    int s = expected.size();
    if (s < SSIM_WINDOW) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "SSIM needs images of at least " + SSIM_WINDOW + "x" + SSIM_WINDOW + " pixels, got " + s
          + "x" + s);
    }
    int plane = s * s;
    double total = 0;
    for (int c = 0; c < 3; c++) {
      int offset = (image * 3 + c) * plane;
      double[] x = new double[plane];
      double[] y = new double[plane];
      double[] xx = new double[plane];
      double[] yy = new double[plane];
      double[] xy = new double[plane];
      for (int i = 0; i < plane; i++) {
        x[i] = expected.pixels()[offset + i];
        y[i] = actual.pixels()[offset + i];
        xx[i] = x[i] * x[i];
        yy[i] = y[i] * y[i];
        xy[i] = x[i] * y[i];
      }
      double[] mx = blur(x, s);
      double[] my = blur(y, s);
      double[] sxx = blur(xx, s);
      double[] syy = blur(yy, s);
      double[] sxy = blur(xy, s);
      double sum = 0;
      for (int i = 0; i < mx.length; i++) {
        double vx = sxx[i] - mx[i] * mx[i];
        double vy = syy[i] - my[i] * my[i];
        double cov = sxy[i] - mx[i] * my[i];
        sum += (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
            / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
      }
      total += sum / mx.length;
    }
    return total / 3;
  }

  /** Separable Gaussian filter of a size x size plane over its valid region ((size-10)^2 values). */
  private static double[] blur(double[] plane, int size) {
    int out = size - SSIM_WINDOW + 1;
    double[] rows = new double[size * out];
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < out; c++) {
        double acc = 0;
        for (int k = 0; k < SSIM_WINDOW; k++) {
          acc += GAUSSIAN[k] * plane[r * size + c + k];
        }
        rows[r * out + c] = acc;
      }
    }
    double[] result = new double[out * out];
    for (int r = 0; r < out; r++) {
      for (int c = 0; c < out; c++) {
        double acc = 0;
        for (int k = 0; k < SSIM_WINDOW; k++) {
          acc += GAUSSIAN[k] * rows[(r + k) * out + c];
        }
        result[r * out + c] = acc;
      }
    }
    return result;
  }

  private static double[] gaussian(int width, double sigma) {
    double[] g = new double[width];
    double sum = 0;
    for (int i = 0; i < width; i++) {
      double d = i - (width - 1) / 2.0;
      g[i] = Math.exp(-d * d / (2 * sigma * sigma));
      sum += g[i];
    }
    for (int i = 0; i < width; i++) {
      g[i] /= sum;
    }
    return g;
  }

  private static void checkPair(ImageBatch expected, ImageBatch actual) {
    if (expected.count() != actual.count() || expected.size() != actual.size()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "cannot compare a batch of " + expected.count() + " images of " + expected.size() + "px with "
          + actual.count() + " images of " + actual.size() + "px");
    }
  }
}
