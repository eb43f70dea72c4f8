package dev.synergen.tokenization.shapes;

import java.util.List;
import java.util.Locale;

/**
 * The text templates of the shapes world: three kinds of caption and one of question; each states
 * only what is true of its scene.
 */
public enum CaptionTemplate {
  /** Every object, grouped by colour and shape with exact counts: "a red circle, two blue squares and a small green triangle". */
  LIST,
  /** The exact count of one repeated colour and shape: "two green triangles". */
  COUNT,
  /** Two uniquely described objects and a relation that holds between them: "a red circle to the left of a blue square". */
  RELATION,
  /**
   * Not a caption: a presence question and its answer, the world's VQA sample ("Is there a red circle in
   * the image? yes"), written only when {@code shapes.question_percent} asks for it.
   */
  QUESTION;

  /** The templates of captions, the ones {@link CaptionWriter} chooses from. */
  public static final List<CaptionTemplate> CAPTIONS = List.of(LIST, COUNT, RELATION);

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
