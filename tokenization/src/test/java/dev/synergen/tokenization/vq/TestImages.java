package dev.synergen.tokenization.vq;

import dev.synergen.tokenization.bench.ShapesLikeImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Iterator;
import java.util.List;

/** Tiny generated images for the tokenizer tests. */
final class TestImages {
  private TestImages() {}

  static ImageBatch flat(int size, Color color) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, size, size);
    g.dispose();
    return ImageBatch.of(List.of(image), size);
  }

  /** Endless batches of shapes scenes, batch {@code k} made of images {@code [k * n, (k + 1) * n)}. */
  static Iterator<ImageBatch> scenes(int size, int batchSize, long seed) {
    ShapesLikeImages scenes = new ShapesLikeImages(size, seed);
    return new Iterator<>() {
      long next;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public ImageBatch next() {
        ImageBatch b = scenes.batch(next, batchSize);
        next += batchSize;
        return b;
      }
    };
  }
}
