package dev.synergen.tokenization.shapes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one caption per scene with a randomly chosen applicable template. Counts are exact, sizes
 * are only mentioned when every object they describe has that size, and relation captions name
 * each object by the fewest attributes that make it unique in the scene.
 */
public final class CaptionWriter {
  private static final String[] NUMBERS = {"zero", "a", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"};
  private static final int OPTIONAL_SIZE_PERCENT = 40;

  private CaptionWriter() {}

  public static ShapesCaption write(Scene scene, long seed, long index) {
    // a stream apart from the scene's own, so changing templates never changes the scenes
    return write(scene, SeededRandom.forSample(~seed, index));
  }

  static ShapesCaption write(Scene scene, SeededRandom random) {
    List<List<ShapeObject>> groups = groupsByColourAndShape(scene);
    List<CaptionTemplate> applicable = new ArrayList<>(List.of(CaptionTemplate.LIST));
    List<List<ShapeObject>> repeated = groups.stream().filter(g -> g.size() >= 2).toList();
    if (!repeated.isEmpty()) {
      applicable.add(CaptionTemplate.COUNT);
    }
    List<ShapeObject[]> pairs = describablePairs(scene);
    if (!pairs.isEmpty()) {
      applicable.add(CaptionTemplate.RELATION);
    }
    CaptionTemplate template = applicable.get(random.nextInt(applicable.size()));
    String text = switch (template) {
      case LIST -> list(groups, random);
      case COUNT -> group(repeated.get(random.nextInt(repeated.size())), random);
      case RELATION -> relation(scene, pairs.get(random.nextInt(pairs.size())), random);
      case QUESTION -> throw new IllegalStateException("a question is no caption template");
    };
    return new ShapesCaption(text, template);
  }

  private static String list(List<List<ShapeObject>> groups, SeededRandom random) {
    List<String> items = new ArrayList<>();
    for (List<ShapeObject> g : groups) {
      items.add(group(g, random));
    }
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static String group(List<ShapeObject> group, SeededRandom random) {
    ShapeObject first = group.get(0);
    boolean sameSize = group.stream().allMatch(o -> o.size() == first.size());
    String size = sameSize && random.chance(OPTIONAL_SIZE_PERCENT) ? first.size().word() + " " : "";
    String noun = group.size() == 1 ? first.shape().word() : first.shape().plural();
    return withCount(group.size(), size + first.color().word() + " " + noun);
  }

  private static String relation(Scene scene, ShapeObject[] pair, SeededRandom random) {
    List<SpatialRelation> holding = new ArrayList<>();
    for (SpatialRelation relation : SpatialRelation.values()) {
      if (relation.holds(pair[0].bbox(), pair[1].bbox())) {
        holding.add(relation);
      }
    }
    SpatialRelation relation = holding.get(random.nextInt(holding.size()));
    return describe(scene, pair[0], random) + " " + relation.phrase() + " " + describe(scene, pair[1], random);
  }

  private static String describe(Scene scene, ShapeObject object, SeededRandom random) {
    boolean needsSize = countMatching(scene, object, false) > 1;
    String size = needsSize || random.chance(OPTIONAL_SIZE_PERCENT) ? object.size().word() + " " : "";
    return withCount(1, size + object.color().word() + " " + object.shape().word());
  }

  /** Pairs of distinct objects that can each be named uniquely (by colour and shape, else also size). */
  private static List<ShapeObject[]> describablePairs(Scene scene) {
    List<ShapeObject> unique = scene.objects().stream().filter(o -> countMatching(scene, o, true) == 1).toList();
    List<ShapeObject[]> pairs = new ArrayList<>();
    for (ShapeObject a : unique) {
      for (ShapeObject b : unique) {
        if (a != b) {
          pairs.add(new ShapeObject[] {a, b});
        }
      }
    }
    return pairs;
  }

  private static long countMatching(Scene scene, ShapeObject object, boolean withSize) {
    return scene.objects().stream()
        .filter(o -> o.color() == object.color() && o.shape() == object.shape() && (!withSize || o.size() == object.size()))
        .count();
  }

  private static List<List<ShapeObject>> groupsByColourAndShape(Scene scene) {
    Map<String, List<ShapeObject>> groups = new LinkedHashMap<>();
    for (ShapeObject o : scene.objects()) {
      groups.computeIfAbsent(o.color() + " " + o.shape(), k -> new ArrayList<>()).add(o);
    }
    return new ArrayList<>(groups.values());
  }

  /** "a red circle", "an orange box": the captions' article for one object. */
  public static String withArticle(String phrase) {
    return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
  }

  private static String withCount(int count, String phrase) {
    if (count == 1) {
      return withArticle(phrase);
    }
    return (count < NUMBERS.length ? NUMBERS[count] : Integer.toString(count)) + " " + phrase;
  }
}
