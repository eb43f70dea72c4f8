package dev.synergen.tokenization.shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes world's VQA samples: POPE's presence question about one colour and shape, answered from
 * the scene's ground truth, "yes" and "no" equally often while the scene allows both.
 */
public final class PresenceQuestion {
  public static final String YES = "yes";
  public static final String NO = "no";

  private PresenceQuestion() {}

  /**
   * "Is there a red circle in the image?": POPE's template in the captions' English. The POPE probes
   * ask with this same sentence, so a model trained on these samples is asked as it was taught.
   */
  public static String ask(ShapeColor color, ShapeKind shape) {
    return "Is there " + CaptionWriter.withArticle(color.word() + " " + shape.word()) + " in the image?";
  }

  /**
   * Sample {@code index}'s question if it gets one ({@code percent} of samples do), else null. The
   * draws come from a stream of their own, so asking questions never changes scenes or captions.
   */
  public static ShapesCaption write(Scene scene, long seed, long index, int percent) {
    SeededRandom random = stream(seed, index);
    return random.chance(percent) ? write(scene, random) : null;
  }

  /** Whether sample {@code index} gets a question, known without rendering its scene. */
  public static boolean asked(long seed, long index, int percent) {
    return stream(seed, index).chance(percent);
  }

  private static SeededRandom stream(long seed, long index) {
    return SeededRandom.forSample(seed ^ 0x5155455354494F4EL, index);
  }

  static ShapesCaption write(Scene scene, SeededRandom random) {
    List<Kind> present = new ArrayList<>();
    List<Kind> absent = new ArrayList<>();
    for (ShapeColor c : ShapeColor.values()) {
      for (ShapeKind k : ShapeKind.values()) {
        boolean there = scene.objects().stream().anyMatch(o -> o.color() == c && o.shape() == k);
        (there ? present : absent).add(new Kind(c, k));
      }
    }
    boolean yes = absent.isEmpty() || random.chance(50);
    List<Kind> from = yes ? present : absent;
    Kind kind = from.get(random.nextInt(from.size()));
    return new ShapesCaption(ask(kind.color(), kind.shape()) + " " + (yes ? YES : NO), CaptionTemplate.QUESTION);
  }

  private record Kind(ShapeColor color, ShapeKind shape) {}
}
