package dev.synergen.tokenization.shapes;

/** Pixel rectangle {@code [x, x + width) x [y, y + height)}, y growing downwards. */
public record BoundingBox(int x, int y, int width, int height) {
  public BoundingBox {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("bounding box must be at least 1x1, got " + width + "x" + height);
    }
  }

  public int right() {
    return x + width;
  }

  public int bottom() {
    return y + height;
  }

  public boolean intersects(BoundingBox other) {
    return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
  }
}
