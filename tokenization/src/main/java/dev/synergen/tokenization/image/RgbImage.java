package dev.synergen.tokenization.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * An 8-bit sRGB image without alpha, row-major, one {@code 0xRRGGBB} int per pixel.
 *
 * <p>The array is shared, not copied: treat it as read-only once the image is built.
 */
public record RgbImage(int width, int height, int[] pixels) {
  public RgbImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be >= 1x1, got " + width + "x" + height);
    }
    if (pixels.length != (long) width * height) {
      throw new IllegalArgumentException("pixel array of " + width + "x" + height + " image must hold "
          + (long) width * height + " ints, got " + pixels.length);
    }
  }

  public int rgb(int x, int y) {
    return pixels[y * width + x];
  }

  /** A TYPE_INT_RGB view of the pixels (shared, not copied), for Java2D resampling. */
  public BufferedImage toBufferedImage() {
    DirectColorModel model = new DirectColorModel(24, 0xff0000, 0x00ff00, 0x0000ff);
    WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(pixels, pixels.length), width, height, width,
        model.getMasks(), null);
    return new BufferedImage(model, raster, false, null);
  }

  /** Interleaved R, G, B bytes, row-major: the canonical bytes hashed into pair ids. */
  public byte[] toRgbBytes() {
    byte[] out = new byte[pixels.length * 3];
    for (int i = 0, j = 0; i < pixels.length; i++, j += 3) {
      int p = pixels[i];
      out[j] = (byte) (p >>> 16);
      out[j + 1] = (byte) (p >>> 8);
      out[j + 2] = (byte) p;
    }
    return out;
  }
}
