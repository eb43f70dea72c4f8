package dev.synergen.eval.probes;

import static dev.synergen.eval.probes.TestScenes.at;
import static dev.synergen.tokenization.shapes.ShapeColor.BLUE;
import static dev.synergen.tokenization.shapes.ShapeColor.RED;
import static dev.synergen.tokenization.shapes.ShapeKind.CIRCLE;
import static dev.synergen.tokenization.shapes.ShapeKind.SQUARE;
import static dev.synergen.tokenization.shapes.ShapeKind.TRIANGLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.SceneGenerator;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.ShapeObject;
import dev.synergen.tokenization.shapes.ShapesSample;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.shapes.SpatialRelation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class McqQuestionsTest {
  //  red circle (2,2)    blue square (30,2)
  //  red triangle (2,30)
  private static final Scene SCENE = TestScenes.scene(at(RED, CIRCLE, 2, 2), at(BLUE, SQUARE, 30, 2),
      at(RED, TRIANGLE, 2, 30));

  private static Map<String, String> answers(List<McqQuestion> questions) {
    Map<String, String> answers = new LinkedHashMap<>();
    questions.forEach(q -> answers.put(q.question(), q.answer()));
    return answers;
  }

  @Test
  void handMadeSceneGetsExactlyItsUnambiguousQuestions() {
    Map<String, String> expected = new LinkedHashMap<>();
    // one object of each shape: every colour question is fair
    expected.put("What colour is the circle?", "red");
    expected.put("What colour is the square?", "blue");
    expected.put("What colour is the triangle?", "red");
    // two red objects: only blue names one object
    expected.put("What shape is the blue object?", "square");
    expected.put("How many objects are there?", "three");
    expected.put("How many red circles are there?", "one");
    expected.put("How many red triangles are there?", "one");
    expected.put("How many blue squares are there?", "one");
    // left of the square are both red objects, above the triangle both others: those are not asked
    expected.put("Which object is to the right of the red circle?", "blue square");
    expected.put("Which object is below the red circle?", "red triangle");
    expected.put("Which object is below the blue square?", "red triangle");
    expected.put("Which object is to the right of the red triangle?", "blue square");
    assertEquals(expected, answers(McqQuestions.forScene(SCENE, 1, 0)));
  }

  @Test
  void optionsAreDistinctAndAtMostFour() {
    for (McqQuestion q : McqQuestions.forScene(SCENE, 1, 0)) {
      assertTrue(q.options().size() >= 2 && q.options().size() <= McqQuestions.MAX_OPTIONS, q.toString());
    }
    McqQuestion shape = McqQuestions.forScene(SCENE, 1, 0).stream()
        .filter(q -> q.type() == McqQuestion.Type.SHAPE).findFirst().orElseThrow();
    assertEquals(List.of("circle", "square", "triangle"), shape.options().stream().sorted().toList());
  }

  @Test
  void everyAnswerIsTrueAndEveryOtherOptionFalseOnGeneratedScenes() {
    SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());
    int positionQuestions = 0;
    for (int i = 0; i < 1000; i++) {
      Scene scene = generator.generate(77, i);
      for (McqQuestion q : McqQuestions.forScene(scene, 3, i)) {
        for (int o = 0; o < q.options().size(); o++) {
          int option = o;
          int index = i;
          assertEquals(o == q.correctIndex(), Truth.holds(scene, q.question(), q.options().get(o)),
              () -> "scene " + index + " " + scene + ": '" + q.question() + "' option '" + q.options().get(option)
                  + "'");
        }
        positionQuestions += q.type() == McqQuestion.Type.POSITION ? 1 : 0;
      }
    }
    assertTrue(positionQuestions > 500, "position questions: " + positionQuestions);
  }

  @Test
  void deterministicGivenTheSeedAndShuffledByIt() {
    assertEquals(McqQuestions.forScene(SCENE, 1, 0), McqQuestions.forScene(SCENE, 1, 0));
    assertNotEquals(McqQuestions.forScene(SCENE, 1, 0), McqQuestions.forScene(SCENE, 2, 0));
    assertEquals(answers(McqQuestions.forScene(SCENE, 1, 0)), answers(McqQuestions.forScene(SCENE, 2, 0)));
  }

  @Test
  void readsSceneJson() {
    ShapesSample sample = ShapesSample.generate(ShapesWorldConfig.defaults(), 5, 17);
    assertEquals(McqQuestions.forScene(sample.scene(), 5, 17), McqQuestions.fromJson(sample.json(), 5, 17));
  }

  @Test
  void rotationKeepsTheAnswer() {
    McqQuestion q = new McqQuestion(McqQuestion.Type.COLOUR, "What colour is the circle?",
        List.of("red", "green", "blue", "black"), 2);
    for (int k = 0; k < 4; k++) {
      assertEquals("blue", q.rotated(k).answer());
    }
    assertEquals(List.of("green", "blue", "black", "red"), q.rotated(1).options());
    PipelineException e = assertThrows(PipelineException.class,
        () -> new McqQuestion(McqQuestion.Type.COLOUR, "q?", List.of("red", "red"), 0));
    assertEquals(EvalErrors.EVAL_PROBE_INVALID.code(), e.errorClass());
  }

  /** An independent reader of the questions: whether an option is a true answer about the scene. */
  private static final class Truth {
    private static final Pattern COLOUR = Pattern.compile("What colour is the (\\w+)\\?");
    private static final Pattern SHAPE = Pattern.compile("What shape is the (\\w+) object\\?");
    private static final Pattern TOTAL = Pattern.compile("How many objects are there\\?");
    private static final Pattern KIND = Pattern.compile("How many (\\w+) (\\w+)s are there\\?");
    private static final Pattern WHICH = Pattern.compile("Which object is (.+) the (\\w+) (\\w+)\\?");
    private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven");

    static boolean holds(Scene scene, String question, String option) {
      Matcher m;
      if ((m = COLOUR.matcher(question)).matches()) {
        List<ShapeObject> objects = having(scene, null, ShapeKind.fromWord(m.group(1)));
        assertEquals(1, objects.size(), "'" + question + "' must be about one object");
        return objects.get(0).color().word().equals(option);
      }
      if ((m = SHAPE.matcher(question)).matches()) {
        List<ShapeObject> objects = having(scene, ShapeColor.fromWord(m.group(1)), null);
        assertEquals(1, objects.size(), "'" + question + "' must be about one object");
        return objects.get(0).shape().word().equals(option);
      }
      if (TOTAL.matcher(question).matches()) {
        return NUMBERS.indexOf(option) == scene.objects().size();
      }
      if ((m = KIND.matcher(question)).matches()) {
        return NUMBERS.indexOf(option) == having(scene, ShapeColor.fromWord(m.group(1)),
            ShapeKind.fromWord(m.group(2))).size();
      }
      if ((m = WHICH.matcher(question)).matches()) {
        SpatialRelation relation = SpatialRelation.fromPhrase(m.group(1));
        List<ShapeObject> reference = having(scene, ShapeColor.fromWord(m.group(2)), ShapeKind.fromWord(m.group(3)));
        assertEquals(1, reference.size(), "'" + question + "' must name one reference object");
        String[] words = option.split(" ");
        List<ShapeObject> candidates = having(scene, ShapeColor.fromWord(words[0]), ShapeKind.fromWord(words[1]));
        long inRelation = scene.objects().stream()
            .filter(o -> o != reference.get(0) && relation.holds(o.bbox(), reference.get(0).bbox())).count();
        assertEquals(1, inRelation, () -> "'" + question + "' must have one answer in " + scene);
        return candidates.stream().anyMatch(o -> relation.holds(o.bbox(), reference.get(0).bbox()));
      }
      throw new AssertionError("unknown question '" + question + "'");
    }

    private static List<ShapeObject> having(Scene scene, ShapeColor color, ShapeKind shape) {
      return scene.objects().stream()
          .filter(o -> (color == null || o.color() == color) && (shape == null || o.shape() == shape)).toList();
    }
  }
}
