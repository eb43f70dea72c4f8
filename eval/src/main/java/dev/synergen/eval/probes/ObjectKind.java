package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.ShapeObject;
import java.util.ArrayList;
import java.util.List;

/** A kind of object as shapes-world captions name it: a colour and a shape ("red circle"). */
public record ObjectKind(ShapeColor color, ShapeKind shape) {
  private static final List<ObjectKind> ALL = allKinds();

  public ObjectKind {
    if (color == null || shape == null) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "an object kind needs a colour and a shape, got " + color + " "
          + shape);
    }
  }

  public static ObjectKind of(ShapeObject object) {
    return new ObjectKind(object.color(), object.shape());
  }

  /** Every kind of the world, colour-major in the enums' order: the vocabulary of the probes. */
  public static List<ObjectKind> all() {
    return ALL;
  }

  private static List<ObjectKind> allKinds() {
    List<ObjectKind> all = new ArrayList<>();
    for (ShapeColor c : ShapeColor.values()) {
      for (ShapeKind s : ShapeKind.values()) {
        all.add(new ObjectKind(c, s));
      }
    }
    return List.copyOf(all);
  }

  /** The kinds present in a scene, in {@link #all()} order. */
  public static List<ObjectKind> present(Scene scene) {
    return all().stream().filter(k -> k.count(scene) > 0).toList();
  }

  public boolean matches(ShapeObject object) {
    return object.color() == color && object.shape() == shape;
  }

  public int count(Scene scene) {
    return (int) scene.objects().stream().filter(this::matches).count();
  }

  /** "red circle". */
  public String phrase() {
    return color.word() + " " + shape.word();
  }

  /** "red circles". */
  public String plural() {
    return color.word() + " " + shape.plural();
  }
}
