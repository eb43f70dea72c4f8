package dev.synergen.tokenization.shapes;

import java.util.Locale;

/** The caption templates of the shapes world; each caption states only what is true of its scene. */
public enum CaptionTemplate {
  /** Every object, grouped by colour and shape with exact counts: "a red circle, two blue squares and a small green triangle". */
  LIST,
  /** The exact count of one repeated colour and shape: "two green triangles". */
  COUNT,
  /** Two uniquely described objects and a relation that holds between them: "a red circle to the left of a blue square". */
  RELATION;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
