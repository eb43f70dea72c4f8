package dev.synergen.tokenization.shapes;

import dev.synergen.tokenization.image.RgbImage;
import java.util.Arrays;

/**
 * Paints a scene without antialiasing: every pixel is either the background or exactly one
 * palette colour, which is what makes {@link ShapesDetector} exact on rendered scenes.
 */
public final class SceneRenderer {
  private SceneRenderer() {}

  public static RgbImage render(Scene scene) {
    int[] pixels = new int[scene.width() * scene.height()];
    Arrays.fill(pixels, ShapeColor.BACKGROUND_RGB);
    for (ShapeObject object : scene.objects()) {
      BoundingBox box = object.bbox();
      int side = box.width();
      for (int dy = 0; dy < side; dy++) {
        for (int dx = 0; dx < side; dx++) {
          if (object.shape().covers(side, dx, dy)) {
            pixels[(box.y() + dy) * scene.width() + box.x() + dx] = object.color().rgb();
          }
        }
      }
    }
    return new RgbImage(scene.width(), scene.height(), pixels);
  }
}
