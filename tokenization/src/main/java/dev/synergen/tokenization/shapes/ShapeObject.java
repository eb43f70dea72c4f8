package dev.synergen.tokenization.shapes;

import java.util.Objects;

/** One object of a scene; {@code bbox} is both its placement square and its exact painted extent. */
public record ShapeObject(ShapeKind shape, ShapeColor color, ShapeSize size, BoundingBox bbox) {
  public ShapeObject {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(color, "color");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(bbox, "bbox");
  }
}
