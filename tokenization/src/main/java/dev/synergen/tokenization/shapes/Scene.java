package dev.synergen.tokenization.shapes;

import java.util.List;

/** A shapes-world scene: non-overlapping objects on a white {@code width x height} canvas. */
public record Scene(int width, int height, List<ShapeObject> objects) {
  public Scene {
    objects = List.copyOf(objects);
    for (int i = 0; i < objects.size(); i++) {
      BoundingBox box = objects.get(i).bbox();
      if (box.x() < 0 || box.y() < 0 || box.right() > width || box.bottom() > height) {
        throw new IllegalArgumentException("object " + i + " " + box + " leaves the " + width + "x" + height + " canvas");
      }
      for (int j = 0; j < i; j++) {
        if (objects.get(j).bbox().intersects(box)) {
          throw new IllegalArgumentException("objects " + j + " and " + i + " overlap: " + objects.get(j).bbox()
              + " and " + box);
        }
      }
    }
  }
}
