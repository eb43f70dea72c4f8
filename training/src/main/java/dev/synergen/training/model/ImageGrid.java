package dev.synergen.training.model;

import dev.synergen.training.TrainingErrors;

/**
 * The VQ image grid as the model sees it: pixel size, tokenizer downsampling (so grid_h x grid_w
 * codes), codebook size, and the m x n fold window that turns m*n codes into one LLM position.
 */
public record ImageGrid(int imageHeight, int imageWidth, int downsample, int codebookSize, int foldH, int foldW) {
  public ImageGrid {
    positive("imageHeight", imageHeight);
    positive("imageWidth", imageWidth);
    positive("downsample", downsample);
    positive("foldH", foldH);
    positive("foldW", foldW);
    if (codebookSize < 2) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "codebookSize must be >= 2, got " + codebookSize);
    }
    if (imageHeight % downsample != 0 || imageWidth % downsample != 0) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "image " + imageHeight + "x" + imageWidth
          + " px is not divisible by the tokenizer downsampling " + downsample
          + "; choose a resolution that is a multiple of it");
    }
    int gh = imageHeight / downsample;
    int gw = imageWidth / downsample;
    if (gh % foldH != 0 || gw % foldW != 0) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "code grid " + gh + "x" + gw + " is not divisible by the fold window "
          + foldH + "x" + foldW + "; choose a fold that tiles the grid");
    }
  }

  /** Rows of the code grid. */
  public int gridH() {
    return imageHeight / downsample;
  }

  /** Columns of the code grid. */
  public int gridW() {
    return imageWidth / downsample;
  }

  /** Codes per image (the unfolded image length in {@code sequences}). */
  public int codesPerImage() {
    return gridH() * gridW();
  }

  /** Codes per fold window, m*n. */
  public int windowSize() {
    return foldH * foldW;
  }

  /** Folded LLM positions per image. */
  public int windowsPerImage() {
    return codesPerImage() / windowSize();
  }

  /** Windows per row of the grid. */
  public int windowsPerRow() {
    return gridW() / foldW;
  }

  /**
   * Raster index (row * gridW + col) of code {@code k} (row-major inside the window) of window
   * {@code w} (row-major over windows).
   */
  public int rasterIndex(int window, int k) {
    int wr = window / windowsPerRow();
    int wc = window % windowsPerRow();
    int r = wr * foldH + k / foldW;
    int c = wc * foldW + k % foldW;
    return r * gridW() + c;
  }

  /** The same grid with another fold window (1x1 = no folding, for ablations and benchmarks). */
  public ImageGrid withFold(int h, int w) {
    return new ImageGrid(imageHeight, imageWidth, downsample, codebookSize, h, w);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, name + " must be >= 1, got " + value);
    }
  }
}
