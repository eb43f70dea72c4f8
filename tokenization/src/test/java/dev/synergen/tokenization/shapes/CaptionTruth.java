package dev.synergen.tokenization.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent reader of shapes-world captions: parses the text back into claims and checks
 * them against a scene, so the tests do not trust the writer's own bookkeeping.
 */
final class CaptionTruth {
  private static final List<String> COUNTS = List.of("zero", "a", "two", "three", "four", "five", "six", "seven",
      "eight", "nine");
  private static final Pattern RELATION = Pattern.compile("^(.+) (to the left of|to the right of|above|below) (.+)$");

  /** "two small red circles": size may be null (not stated). */
  record Item(int count, ShapeSize size, ShapeColor color, ShapeKind shape) {
    boolean matches(ShapeObject o) {
      return o.color() == color && o.shape() == shape && (size == null || o.size() == size);
    }
  }

  private CaptionTruth() {}

  static Item parseItem(String text) {
    String[] words = text.split(" ");
    int count = words[0].equals("an") ? 1 : COUNTS.indexOf(words[0]);
    if (count < 1) {
      throw new AssertionError("caption item '" + text + "' does not start with a count");
    }
    int i = 1;
    ShapeSize size = null;
    if (words.length == 4) {
      size = ShapeSize.fromWord(words[i++]);
    } else if (words.length != 3) {
      throw new AssertionError("caption item '" + text + "' is not '<count> [size] <colour> <shape>'");
    }
    ShapeColor color = ShapeColor.fromWord(words[i++]);
    String noun = words[i];
    String singular = count == 1 ? noun : noun.substring(0, noun.length() - 1);
    if (count > 1 && !noun.endsWith("s") || count == 1 && noun.endsWith("s")) {
      throw new AssertionError("caption item '" + text + "': number of '" + noun + "' disagrees with count " + count);
    }
    return new Item(count, size, color, ShapeKind.fromWord(singular));
  }

  static List<Item> parseList(String text) {
    List<Item> items = new ArrayList<>();
    int and = text.lastIndexOf(" and ");
    if (and < 0) {
      items.add(parseItem(text));
      return items;
    }
    for (String part : text.substring(0, and).split(", ")) {
      items.add(parseItem(part));
    }
    items.add(parseItem(text.substring(and + 5)));
    return items;
  }

  /** Throws an AssertionError naming the false claim if {@code caption} is not true of {@code scene}. */
  static void check(Scene scene, ShapesCaption caption) {
    String text = caption.text();
    Matcher relation = RELATION.matcher(text);
    switch (caption.template()) {
      case RELATION -> {
        if (!relation.matches()) {
          throw new AssertionError("relation caption '" + text + "' has no relation phrase");
        }
        ShapeObject a = unique(scene, parseItem(relation.group(1)), text);
        ShapeObject b = unique(scene, parseItem(relation.group(3)), text);
        SpatialRelation r = SpatialRelation.fromPhrase(relation.group(2));
        if (!r.holds(a.bbox(), b.bbox())) {
          throw new AssertionError("'" + text + "' is false: " + a.bbox() + " is not " + r.phrase() + " " + b.bbox());
        }
      }
      case COUNT -> {
        List<Item> items = parseList(text);
        if (items.size() != 1 || items.get(0).count() < 2) {
          throw new AssertionError("count caption '" + text + "' must name one repeated kind");
        }
        checkCount(scene, items.get(0), text);
      }
      case LIST -> {
        if (relation.matches()) {
          throw new AssertionError("list caption '" + text + "' states a relation");
        }
        int total = 0;
        for (Item item : parseList(text)) {
          checkCount(scene, item, text);
          total += item.count();
        }
        if (total != scene.objects().size()) {
          throw new AssertionError("list caption '" + text + "' names " + total + " objects, scene has "
              + scene.objects().size());
        }
      }
    }
  }

  private static void checkCount(Scene scene, Item item, String text) {
    long actual = scene.objects().stream().filter(item::matches).count();
    long sameKind = scene.objects().stream().filter(o -> o.color() == item.color() && o.shape() == item.shape()).count();
    if (actual != item.count() || sameKind != item.count()) {
      throw new AssertionError("'" + text + "' claims " + item + ", scene has " + actual + " matching and " + sameKind
          + " of that colour and shape: " + scene);
    }
  }

  private static ShapeObject unique(Scene scene, Item item, String text) {
    List<ShapeObject> matching = scene.objects().stream().filter(item::matches).toList();
    if (matching.size() != 1) {
      throw new AssertionError("'" + text + "' refers to " + item + " which matches " + matching.size()
          + " objects of " + scene);
    }
    return matching.get(0);
  }
}
