package dev.synergen.eval.suites;

import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Images between the forms the suites meet: stored PNG bytes, the model's square input, detector pixels. */
final class Pngs {
  private Pngs() {}

  /** A {@code raw_pairs} image (normalised PNG) fitted to the tokenizer's square, as the tokenize job fits it. */
  static BufferedImage fitted(byte[] png, int size) {
    try {
      BufferedImage decoded = ImageFitting.decode(png);
      if (decoded == null) {
        throw new IllegalArgumentException("raw_pairs holds an image no reader understands");
      }
      return ImageFitting.fit(decoded, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] encode(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RgbImage rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] &= 0xFFFFFF;
    }
    return new RgbImage(w, h, pixels);
  }
}
