package dev.synergen.tokenization.shapes;

import java.util.Locale;

/** Object sizes, as a fraction of a grid cell's side. */
public enum ShapeSize {
  SMALL(0.40),
  MEDIUM(0.60),
  LARGE(0.85);

  private final double cellFraction;

  ShapeSize(double cellFraction) {
    this.cellFraction = cellFraction;
  }

  /** Side in pixels in a cell of {@code cell} pixels; a 1-pixel margin keeps neighbours from touching. */
  public int side(int cell) {
    return Math.min((int) Math.round(cell * cellFraction), cell - 2);
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ShapeSize fromWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }
}
