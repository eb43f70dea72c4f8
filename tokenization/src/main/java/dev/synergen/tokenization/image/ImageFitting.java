package dev.synergen.tokenization.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Image bytes to an RGB square of the tokenizer's resolution: decode, centre-crop, resample. */
public final class ImageFitting {
  private ImageFitting() {}

  /** Decodes PNG/JPEG/... bytes; null when no installed reader understands them. */
  public static BufferedImage decode(byte[] bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  /**
   * The centred square crop resampled to {@code size}; an image that already is {@code size} x
   * {@code size} comes back as it is. Large reductions halve step by step, which
   * averages the pixels a single bicubic pass would skip.
   */
  public static BufferedImage fit(BufferedImage image, int size) {
    if (image.getWidth() == size && image.getHeight() == size) {
      return image;
    }
    int side = Math.min(image.getWidth(), image.getHeight());
    BufferedImage current = image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
    while (current.getWidth() / 2 >= size) {
      current = resample(current, current.getWidth() / 2);
    }
    return resample(current, size);
  }

  private static BufferedImage resample(BufferedImage image, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
