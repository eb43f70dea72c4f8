package dev.synergen.eval.probes;

import dev.synergen.tokenization.shapes.BoundingBox;
import dev.synergen.tokenization.shapes.DetectedObject;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.ShapeObject;
import dev.synergen.tokenization.shapes.ShapeSize;
import java.util.ArrayList;
import java.util.List;

/** Hand-made scenes and detections for the probe tests. */
final class TestScenes {
  private TestScenes() {}

  /** A 10-pixel object with its top-left corner at (x, y). */
  static ShapeObject at(ShapeColor color, ShapeKind shape, int x, int y) {
    return new ShapeObject(shape, color, ShapeSize.SMALL, new BoundingBox(x, y, 10, 10));
  }

  /** Objects side by side along the top row of a 100x100 canvas, in the given order. */
  static Scene row(ObjectKind... kinds) {
    List<ShapeObject> objects = new ArrayList<>();
    for (int i = 0; i < kinds.length; i++) {
      objects.add(at(kinds[i].color(), kinds[i].shape(), 2 + 12 * i, 2));
    }
    return new Scene(100, 100, objects);
  }

  static Scene scene(ShapeObject... objects) {
    return new Scene(100, 100, List.of(objects));
  }

  static ObjectKind kind(ShapeColor color, ShapeKind shape) {
    return new ObjectKind(color, shape);
  }

  /** What an exact detector reports for these objects. */
  static List<DetectedObject> detections(List<ShapeObject> objects) {
    return objects.stream().map(o -> detection(o)).toList();
  }

  static DetectedObject detection(ShapeObject o) {
    return new DetectedObject(o.shape(), o.color(), o.size(), o.bbox(), o.bbox().width() * o.bbox().height());
  }
}
