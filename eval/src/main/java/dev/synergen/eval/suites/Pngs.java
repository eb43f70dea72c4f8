package dev.synergen.eval.suites;

import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.image.RgbImage;
import dev.synergen.tokenization.reject.RejectedException;
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
      return ImageFitting.decodeAndFit(new ImageDecoder(ImageConfig.defaults()), png, size);
    } catch (RejectedException e) {
      throw new IllegalArgumentException("raw_pairs holds an image the decoder refuses: " + e.getMessage(), e);
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
