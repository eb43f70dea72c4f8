package dev.synergen.tokenization.shapes;

/**
 * Where one object is relative to another, decided on bounding boxes: "a left of b" holds when a
 * ends (exclusive right edge) at or before b begins, so a true relation is true at a glance.
 */
public enum SpatialRelation {
  LEFT_OF("to the left of"),
  RIGHT_OF("to the right of"),
  ABOVE("above"),
  BELOW("below");

  private final String phrase;

  SpatialRelation(String phrase) {
    this.phrase = phrase;
  }

  public String phrase() {
    return phrase;
  }

  public boolean holds(BoundingBox a, BoundingBox b) {
    return switch (this) {
      case LEFT_OF -> a.right() <= b.x();
      case RIGHT_OF -> b.right() <= a.x();
      case ABOVE -> a.bottom() <= b.y();
      case BELOW -> b.bottom() <= a.y();
    };
  }

  public static SpatialRelation fromPhrase(String phrase) {
    for (SpatialRelation relation : values()) {
      if (relation.phrase.equals(phrase)) {
        return relation;
      }
    }
    throw new IllegalArgumentException("unknown relation phrase '" + phrase + "'");
  }
}
