package dev.synergen.tokenization.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts any decoded {@link BufferedImage} to an 8-bit sRGB {@link RgbImage}, compositing alpha
 * on a white background.
 *
 * <p>Grey images are read from the raster, not through {@code getRGB}: Java treats a grey colour
 * space as linear and brightens it on conversion (grey 128 becomes 188), while grey JPEG and PNG
 * samples are gamma-encoded like sRGB values.
 */
final class SrgbConversion {
  private SrgbConversion() {}

  static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel cm = image.getColorModel();
    int[] out = new int[w * h];
    if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
      fromGrey(image.getRaster(), cm, out);
    } else if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      fromBgrBytes(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), image.getRaster(), out);
    } else if (image.getType() == BufferedImage.TYPE_INT_RGB && isPackedRaster(image)) {
      int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < out.length; i++) {
        out[i] = data[i] & 0xffffff;
      }
    } else {
      BufferedImage srgb = cm.getColorSpace().isCS_sRGB() || cm instanceof IndexColorModel ? image : toSrgb(image);
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        srgb.getRGB(0, y, w, 1, row, 0, w); // non-premultiplied ARGB whatever the source layout
        for (int x = 0; x < w; x++) {
          int argb = row[x];
          out[y * w + x] = onWhite(argb >>> 24, argb >>> 16 & 0xff, argb >>> 8 & 0xff, argb & 0xff);
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  private static boolean isPackedRaster(BufferedImage image) {
    Raster r = image.getRaster();
    return r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
        && ((DataBufferInt) r.getDataBuffer()).getData().length == image.getWidth() * image.getHeight();
  }

  private static void fromBgrBytes(byte[] data, Raster raster, int[] out) {
    if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
        || data.length != out.length * 3) {
      throw new IllegalStateException("unexpected 3BYTE_BGR raster layout");
    }
    for (int i = 0, j = 0; i < out.length; i++, j += 3) {
      out[i] = (data[j + 2] & 0xff) << 16 | (data[j + 1] & 0xff) << 8 | (data[j] & 0xff);
    }
  }

  private static void fromGrey(Raster raster, ColorModel cm, int[] out) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int greyMax = (1 << cm.getComponentSize(0)) - 1;
    boolean alpha = cm.hasAlpha();
    int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
    int[] grey = new int[w];
    int[] a = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, grey);
      if (alpha) {
        raster.getSamples(0, y, w, 1, 1, a);
      }
      for (int x = 0; x < w; x++) {
        int g = to8Bit(grey[x], greyMax);
        int alpha8 = alpha ? to8Bit(a[x], alphaMax) : 255;
        out[y * w + x] = onWhite(alpha8, g, g, g);
      }
    }
  }

  private static BufferedImage toSrgb(BufferedImage image) {
    int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage target = new BufferedImage(image.getWidth(), image.getHeight(), type);
    new ColorConvertOp(null).filter(image, target);
    return target;
  }

  private static int to8Bit(int value, int max) {
    return max == 255 ? value : (value * 255 + max / 2) / max;
  }

  /** Composites a non-premultiplied pixel over white: c' = (c * a + 255 * (255 - a)) / 255, rounded. */
  static int onWhite(int alpha, int r, int g, int b) {
    if (alpha == 255) {
      return r << 16 | g << 8 | b;
    }
    int white = 255 * (255 - alpha);
    return (r * alpha + white + 127) / 255 << 16 | (g * alpha + white + 127) / 255 << 8 | (b * alpha + white + 127) / 255;
  }
}
