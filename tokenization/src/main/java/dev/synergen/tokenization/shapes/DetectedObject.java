package dev.synergen.tokenization.shapes;

/** An object found by {@link ShapesDetector}; {@code pixels} is the size of its connected region. */
public record DetectedObject(ShapeKind shape, ShapeColor color, ShapeSize size, BoundingBox bbox, int pixels) {
  /** The ground-truth view of this detection, for comparison with a scene's objects. */
  public ShapeObject asShapeObject() {
    return new ShapeObject(shape, color, size, bbox);
  }
}
