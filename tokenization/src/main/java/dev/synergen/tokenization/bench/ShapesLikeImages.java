package dev.synergen.tokenization.bench;

import dev.synergen.tokenization.vq.ImageBatch;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scenes like the shapes world's (1-4 anti-aliased circles, squares and triangles of named
 * colours on one of several plain backgrounds), image {@code i} a pure function of (seed, i).
 * Harder than the shapes world itself (antialiased edges, free positions and sizes, six
 * backgrounds), it keeps the tokenizer tests and experiments honest about generalisation.
 */
public final class ShapesLikeImages implements SceneImages {
  private static final Color[] PALETTE = {
    new Color(220, 40, 40), new Color(40, 170, 60), new Color(40, 80, 220), new Color(240, 210, 40),
    new Color(245, 140, 30), new Color(140, 60, 180), new Color(40, 200, 210), new Color(230, 80, 180),
    new Color(250, 250, 250), new Color(20, 20, 20), new Color(128, 128, 128), new Color(130, 80, 40),
  };
  private static final Color[] BACKGROUNDS = {
    new Color(255, 255, 255), new Color(235, 235, 235), new Color(245, 235, 215), new Color(30, 30, 30),
    new Color(20, 30, 70), new Color(200, 225, 245),
  };

  private final int size;
  private final long seed;

  public ShapesLikeImages(int size, long seed) {
    if (size < 8) {
      throw new IllegalArgumentException("scenes need at least 8x8 pixels, got " + size);
    }
    this.size = size;
    this.seed = seed;
  }

  public BufferedImage image(long index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      Color background = BACKGROUNDS[random.nextInt(BACKGROUNDS.length)];
      g.setColor(background);
      g.fillRect(0, 0, size, size);
      int objects = 1 + random.nextInt(4);
      for (int o = 0; o < objects; o++) {
        Color color;
        do {
          color = PALETTE[random.nextInt(PALETTE.length)];
        } while (color.equals(background));
        g.setColor(color);
        int extent = size / 8 + random.nextInt(Math.max(1, size * 3 / 8 - size / 8));
        int x = random.nextInt(Math.max(1, size - extent));
        int y = random.nextInt(Math.max(1, size - extent));
        switch (random.nextInt(3)) {
          case 0 -> g.fillOval(x, y, extent, extent);
          case 1 -> g.fillRect(x, y, extent, extent);
          default -> g.fillPolygon(new Polygon(new int[] {x + extent / 2, x, x + extent},
              new int[] {y, y + extent, y + extent}, 3));
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  @Override
  public ImageBatch batch(long from, int count) {
    List<BufferedImage> images = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      images.add(image(from + i));
    }
    return ImageBatch.of(images, size);
  }
}
