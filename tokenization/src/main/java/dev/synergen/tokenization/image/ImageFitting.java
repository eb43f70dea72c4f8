package dev.synergen.tokenization.image;

import dev.synergen.tokenization.reject.RejectedException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A decoded image to an RGB square of the tokenizer's resolution: centre-crop, resample. Decoding
 * is {@link ImageDecoder}'s, the one guarded decoder, whatever path the bytes come from.
 */
public final class ImageFitting {
  private ImageFitting() {}

  /** Decodes {@code bytes} with {@code decoder} and fits the image to {@code size}. */
  public static BufferedImage decodeAndFit(ImageDecoder decoder, byte[] bytes, int size) throws RejectedException {
    return fit(decoder.decode(bytes).rgb().toBufferedImage(), size);
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
