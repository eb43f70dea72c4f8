package dev.synergen.tokenization.shapes;

import java.util.Locale;

/**
 * The shapes of the shapes world. Each is painted inside a {@code side x side} square and touches
 * all four of its edges, so an object's painted bounding box is exactly its placement square.
 */
public enum ShapeKind {
  CIRCLE,
  SQUARE,
  /** Isosceles, apex up; rows widen by whole pixels, symmetric about the vertical axis. */
  TRIANGLE;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String plural() {
    return word() + "s";
  }

  /** Whether pixel (dx, dy) of a {@code side x side} square is painted, in exact integer arithmetic. */
  public boolean covers(int side, int dx, int dy) {
    return switch (this) {
      case SQUARE -> true;
      // pixel centre inside the inscribed circle, in half-pixel units: (2dx+1-side)^2 + (2dy+1-side)^2 <= side^2
      case CIRCLE -> {
        long ex = 2L * dx + 1 - side;
        long ey = 2L * dy + 1 - side;
        yield ex * ex + ey * ey <= (long) side * side;
      }
      case TRIANGLE -> {
        int width = triangleRowWidth(side, dy);
        int left = (side - width) / 2;
        yield dx >= left && dx < left + width;
      }
    };
  }

  // 1 or 2 pixels at the apex (same parity as side, so rows stay centred) growing to side at the base.
  private static int triangleRowWidth(int side, int row) {
    int apex = side % 2 == 0 ? 2 : 1;
    int steps = (side - apex) / 2;
    return apex + 2 * (row * steps / (side - 1));
  }

  public static ShapeKind fromWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }
}
