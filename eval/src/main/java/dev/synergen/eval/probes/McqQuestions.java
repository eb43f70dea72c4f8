package dev.synergen.eval.probes;

import dev.synergen.eval.metrics.SplitMix64;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.SceneJson;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.ShapeObject;
import dev.synergen.tokenization.shapes.SpatialRelation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multiple-choice questions from a scene's exact ground truth, only where the scene makes them
 * unambiguous, with at most {@link #MAX_OPTIONS} options in a seeded order:
 * <ul>
 *   <li>colour: "What colour is the circle?" when the scene has exactly one circle;</li>
 *   <li>shape: "What shape is the red object?" when it has exactly one red object;</li>
 *   <li>count: "How many objects are there?" and "How many red circles are there?" for each present kind;</li>
 *   <li>position: "Which object is to the left of the blue square?" when the blue square is the only one
 *       of its kind and exactly one object stands in that {@link SpatialRelation} to it; wrong options are
 *       the other kinds present, then absent kinds.</li>
 * </ul>
 */
public final class McqQuestions {
  public static final int MAX_OPTIONS = 4;

  private McqQuestions() {}

  /** The questions of a {@code key.json} scene document. */
  public static List<McqQuestion> fromJson(String sceneJson, long seed, long index) {
    return forScene(SceneJson.read(sceneJson), seed, index);
  }

  /** All unambiguous questions about the scene; the options' order comes from (seed, index). */
  public static List<McqQuestion> forScene(Scene scene, long seed, long index) {
    SplitMix64 random = SplitMix64.forItem(seed, index);
    List<McqQuestion> questions = new ArrayList<>();
    for (ShapeKind shape : ShapeKind.values()) {
      List<ShapeObject> withShape = scene.objects().stream().filter(o -> o.shape() == shape).toList();
      if (withShape.size() == 1) {
        List<String> colours = Arrays.stream(ShapeColor.values()).map(ShapeColor::word).toList();
        questions.add(choice(McqQuestion.Type.COLOUR, "What colour is the " + shape.word() + "?",
            withShape.get(0).color().word(), colours, random));
      }
    }
    for (ShapeColor color : ShapeColor.values()) {
      List<ShapeObject> withColour = scene.objects().stream().filter(o -> o.color() == color).toList();
      if (withColour.size() == 1) {
        List<String> shapes = Arrays.stream(ShapeKind.values()).map(ShapeKind::word).toList();
        questions.add(choice(McqQuestion.Type.SHAPE, "What shape is the " + color.word() + " object?",
            withColour.get(0).shape().word(), shapes, random));
      }
    }
    questions.add(count("How many objects are there?", scene.objects().size(), random));
    for (ObjectKind kind : ObjectKind.present(scene)) {
      questions.add(count("How many " + kind.plural() + " are there?", kind.count(scene), random));
    }
    for (ShapeObject reference : scene.objects()) {
      if (ObjectKind.of(reference).count(scene) == 1) {
        for (SpatialRelation relation : SpatialRelation.values()) {
          McqQuestion q = position(scene, reference, relation, random);
          if (q != null) {
            questions.add(q);
          }
        }
      }
    }
    return List.copyOf(questions);
  }

  private static McqQuestion count(String text, int correct, SplitMix64 random) {
    // MAX_OPTIONS consecutive counts >= 1 containing the answer, the window placed at random
    int lowest = Math.max(1, correct - MAX_OPTIONS + 1);
    int start = lowest + random.nextInt(correct - lowest + 1);
    List<String> options = new ArrayList<>();
    for (int c = start; c < start + MAX_OPTIONS; c++) {
      options.add(CaptionPhrases.number(c));
    }
    return shuffled(McqQuestion.Type.COUNT, text, CaptionPhrases.number(correct), options, random);
  }

  private static McqQuestion position(Scene scene, ShapeObject reference, SpatialRelation relation,
      SplitMix64 random) {
    List<ShapeObject> holding = scene.objects().stream()
        .filter(o -> o != reference && relation.holds(o.bbox(), reference.bbox())).toList();
    if (holding.size() != 1) {
      return null;
    }
    ObjectKind answer = ObjectKind.of(holding.get(0));
    ObjectKind referenceKind = ObjectKind.of(reference);
    // present kinds first: they make the harder wrong options; none of their objects stands in the relation
    List<ObjectKind> presentWrong = new ArrayList<>(ObjectKind.present(scene).stream()
        .filter(k -> !k.equals(answer) && !k.equals(referenceKind)).toList());
    List<ObjectKind> absent = new ArrayList<>(ObjectKind.all().stream().filter(k -> k.count(scene) == 0).toList());
    random.shuffle(presentWrong);
    random.shuffle(absent);
    List<String> options = new ArrayList<>(List.of(answer.phrase()));
    presentWrong.addAll(absent);
    for (int i = 0; options.size() < MAX_OPTIONS && i < presentWrong.size(); i++) {
      options.add(presentWrong.get(i).phrase());
    }
    String text = "Which object is " + relation.phrase() + " the " + referenceKind.phrase() + "?";
    return shuffled(McqQuestion.Type.POSITION, text, answer.phrase(), options, random);
  }

  /** The answer and MAX_OPTIONS - 1 other values of the vocabulary, drawn at random, in random order. */
  private static McqQuestion choice(McqQuestion.Type type, String text, String answer, List<String> vocabulary,
      SplitMix64 random) {
    List<String> wrong = new ArrayList<>(vocabulary.stream().filter(v -> !v.equals(answer)).toList());
    random.shuffle(wrong);
    List<String> options = new ArrayList<>(List.of(answer));
    options.addAll(wrong.subList(0, Math.min(MAX_OPTIONS - 1, wrong.size())));
    return shuffled(type, text, answer, options, random);
  }

  private static McqQuestion shuffled(McqQuestion.Type type, String text, String answer, List<String> options,
      SplitMix64 random) {
    List<String> order = new ArrayList<>(options);
    random.shuffle(order);
    return new McqQuestion(type, text, order, order.indexOf(answer));
  }
}
