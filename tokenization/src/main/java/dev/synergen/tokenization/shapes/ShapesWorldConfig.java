package dev.synergen.tokenization.shapes;

/**
 * Geometry of the shapes world: square images split into a {@code gridSize x gridSize} grid, one
 * object per cell at most.
 *
 * @param imageSize image side in pixels
 * @param gridSize cells per row and column
 * @param minObjects fewest objects per scene (>= 1)
 * @param maxObjects most objects per scene (<= gridSize^2)
 */
public record ShapesWorldConfig(int imageSize, int gridSize, int minObjects, int maxObjects)
    implements java.io.Serializable {
  /** Below 6 pixels a circle, a square and a triangle stop being distinguishable. */
  public static final int MIN_OBJECT_SIDE = 6;

  public ShapesWorldConfig {
    if (gridSize < 2) {
      throw new IllegalArgumentException("gridSize must be >= 2 (relations need two cells), got " + gridSize);
    }
    if (imageSize < 1 || ShapeSize.SMALL.side(imageSize / gridSize) < MIN_OBJECT_SIDE) {
      throw new IllegalArgumentException("imageSize " + imageSize + " with gridSize " + gridSize + " gives "
          + (imageSize / gridSize) + "-pixel cells and " + ShapeSize.SMALL.side(Math.max(0, imageSize / gridSize))
          + "-pixel small objects; small objects need >= " + MIN_OBJECT_SIDE
          + " pixels: raise imageSize or lower gridSize");
    }
    if (minObjects < 1 || maxObjects < minObjects || maxObjects > gridSize * gridSize) {
      throw new IllegalArgumentException("objects per scene must satisfy 1 <= minObjects <= maxObjects <= gridSize^2 ("
          + gridSize * gridSize + "), got minObjects=" + minObjects + " maxObjects=" + maxObjects);
    }
  }

  /** 64x64 images, 3x3 grid, 1-4 objects: small/medium/large objects are 8/13/18 pixels. */
  public static ShapesWorldConfig defaults() {
    return new ShapesWorldConfig(64, 3, 1, 4);
  }

  public int cellSize() {
    return imageSize / gridSize;
  }

  /** Offset of the grid inside the image, centring it when imageSize is not a multiple of gridSize. */
  public int gridOrigin() {
    return (imageSize - cellSize() * gridSize) / 2;
  }

  public int side(ShapeSize size) {
    return size.side(cellSize());
  }
}
