package dev.synergen.eval.probes;

import static dev.synergen.eval.probes.TestScenes.at;
import static dev.synergen.eval.probes.TestScenes.detection;
import static dev.synergen.tokenization.shapes.ShapeColor.BLUE;
import static dev.synergen.tokenization.shapes.ShapeColor.GREEN;
import static dev.synergen.tokenization.shapes.ShapeColor.RED;
import static dev.synergen.tokenization.shapes.ShapeKind.CIRCLE;
import static dev.synergen.tokenization.shapes.ShapeKind.SQUARE;
import static dev.synergen.tokenization.shapes.ShapeKind.TRIANGLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.probes.GenEvalJudge.Verdict;
import dev.synergen.eval.probes.GenEvalRequirement.ObjectClause;
import dev.synergen.eval.probes.GenEvalRequirement.RelationClause;
import dev.synergen.tokenization.shapes.BoundingBox;
import dev.synergen.tokenization.shapes.DetectedObject;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.ShapeObject;
import dev.synergen.tokenization.shapes.ShapeSize;
import dev.synergen.tokenization.shapes.ShapesDetector;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.shapes.SpatialRelation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenEvalJudgeTest {
  private static final ShapesWorldConfig WORLD = ShapesWorldConfig.defaults();
  private static final long SEED = 21;

  @Test
  void trueRendersOfPromptsPass() {
    GenEvalScenes scenes = new GenEvalScenes(WORLD);
    ShapesDetector detector = new ShapesDetector(WORLD);
    int prompts = 0;
    List<String> failures = new ArrayList<>();
    for (GenEvalTask task : GenEvalTask.values()) {
      for (int i = 0; i < 60; i++) {
        GenEvalPrompt p = GenEvalPrompts.prompt(task, SEED, i);
        Verdict v = GenEvalJudge.judge(p.requirement(), detector.detect(scenes.render(p.requirement(), SEED, i)));
        prompts++;
        if (!v.correct()) {
          failures.add("'" + p.text() + "' #" + i + ": " + v.reasons());
        }
      }
    }
    assertTrue(failures.size() <= 0.02 * prompts, failures.size() + " of " + prompts + " true renders fail: "
        + failures);
  }

  @Test
  void trueRendersPassOnASmallerGridToo() {
    ShapesWorldConfig small = new ShapesWorldConfig(32, 2, 1, 4);
    GenEvalScenes scenes = new GenEvalScenes(small);
    ShapesDetector detector = new ShapesDetector(small);
    for (GenEvalTask task : GenEvalTask.values()) {
      for (int i = 0; i < 20; i++) {
        GenEvalPrompt p = GenEvalPrompts.prompt(task, SEED, i);
        Verdict v = GenEvalJudge.judge(p.requirement(), detector.detect(scenes.render(p.requirement(), SEED, i)));
        assertTrue(v.correct(), "'" + p.text() + "' #" + i + ": " + v.reasons());
      }
    }
  }

  @Test
  void obviouslyWrongDetectionsFail() {
    GenEvalScenes scenes = new GenEvalScenes(WORLD);
    for (GenEvalTask task : GenEvalTask.values()) {
      for (int i = 0; i < 60; i++) {
        GenEvalPrompt p = GenEvalPrompts.prompt(task, SEED, i);
        List<ShapeObject> truth = scenes.scene(p.requirement(), SEED, i).objects();
        assertFalse(GenEvalJudge.judge(p.requirement(), List.of()).correct(), "nothing detected: " + p.text());
        for (List<ShapeObject> wrong : corruptions(task, truth)) {
          Verdict v = GenEvalJudge.judge(p.requirement(), TestScenes.detections(wrong));
          assertFalse(v.correct(), "'" + p.text() + "' passed with " + wrong);
          assertFalse(v.reasons().isEmpty());
        }
      }
    }
  }

  /** Detections that contradict the prompt in the one way its task tests. */
  private static List<List<ShapeObject>> corruptions(GenEvalTask task, List<ShapeObject> truth) {
    ShapeObject first = truth.get(0);
    ShapeObject last = truth.get(truth.size() - 1);
    List<ShapeObject> wrongShape = List.of(with(first, next(first.shape()), first.color()));
    return switch (task) {
      case SINGLE_OBJECT -> List.of(wrongShape);
      case COLORS -> List.of(wrongShape, List.of(with(first, first.shape(), nextColour(first.color()))));
      case TWO_OBJECTS -> List.of(List.of(first), List.of(last));
      case COUNTING -> {
        List<ShapeObject> more = new ArrayList<>(truth);
        more.add(new ShapeObject(first.shape(), first.color(), ShapeSize.SMALL, new BoundingBox(0, 0, 1, 1)));
        yield List.of(more, truth.subList(1, truth.size()));
      }
      // the two objects swap places
      case POSITION -> List.of(List.of(with(first, first.shape(), first.color(), last.bbox()),
          with(last, last.shape(), last.color(), first.bbox())));
      // the two objects swap colours
      case COLOR_ATTRIBUTION -> List.of(List.of(with(first, first.shape(), last.color()),
          with(last, last.shape(), first.color())));
    };
  }

  private static ShapeObject with(ShapeObject o, ShapeKind shape, ShapeColor color) {
    return with(o, shape, color, o.bbox());
  }

  private static ShapeObject with(ShapeObject o, ShapeKind shape, ShapeColor color, BoundingBox bbox) {
    return new ShapeObject(shape, color, o.size(), bbox);
  }

  private static ShapeKind next(ShapeKind s) {
    return ShapeKind.values()[(s.ordinal() + 1) % ShapeKind.values().length];
  }

  private static ShapeColor nextColour(ShapeColor c) {
    return ShapeColor.values()[(c.ordinal() + 1) % ShapeColor.values().length];
  }

  @Test
  void handMadeVerdictsGiveGenEvalStyleReasons() {
    DetectedObject blueCircle = detection(at(BLUE, CIRCLE, 2, 2));
    DetectedObject redSquare = detection(at(RED, SQUARE, 30, 2));
    GenEvalRequirement redCircle = new GenEvalRequirement(List.of(ObjectClause.atLeastOne(RED, CIRCLE)));
    assertEquals(new Verdict(false, List.of("expected red circle>=1, found 0 (found blue circle)")),
        GenEvalJudge.judge(redCircle, List.of(blueCircle, redSquare)));
    // extra objects do not matter, as in GenEval
    GenEvalRequirement twoObjects = new GenEvalRequirement(List.of(ObjectClause.atLeastOne(CIRCLE),
        ObjectClause.atLeastOne(SQUARE)));
    assertEquals(new Verdict(true, List.of()), GenEvalJudge.judge(twoObjects,
        List.of(blueCircle, redSquare, detection(at(GREEN, TRIANGLE, 60, 2)))));
    GenEvalRequirement twoTriangles = new GenEvalRequirement(List.of(ObjectClause.exactly(2, TRIANGLE)));
    List<DetectedObject> three = List.of(detection(at(RED, TRIANGLE, 2, 2)), detection(at(RED, TRIANGLE, 30, 2)),
        detection(at(BLUE, TRIANGLE, 60, 2)));
    assertEquals(List.of("expected triangle<3, found 3"), GenEvalJudge.judge(twoTriangles, three).reasons());
    assertTrue(GenEvalJudge.judge(twoTriangles, three.subList(0, 2)).correct());
    assertEquals(List.of("expected triangle>=2, found 1"), GenEvalJudge.judge(twoTriangles, three.subList(0, 1))
        .reasons());
  }

  @Test
  void positionUsesTheWorldsRelationOnBoundingBoxes() {
    // "a circle to the left of a square": circle box [2, 12), square box from x = 12: 12 <= 12 holds
    GenEvalRequirement leftOf = new GenEvalRequirement(List.of(ObjectClause.atLeastOne(CIRCLE),
        ObjectClause.atLeastOne(SQUARE)), Optional.of(new RelationClause(0, SpatialRelation.LEFT_OF, 1)));
    assertTrue(GenEvalJudge.judge(leftOf, List.of(detection(at(RED, CIRCLE, 2, 2)), detection(at(RED, SQUARE, 12, 40))))
        .correct());
    // one pixel of horizontal overlap: not left of, though the circle's centre is
    assertEquals(List.of("expected circle to the left of square, found no such pair"), GenEvalJudge.judge(leftOf,
        List.of(detection(at(RED, CIRCLE, 3, 2)), detection(at(RED, SQUARE, 12, 40)))).reasons());
    assertEquals(List.of("expected square>=1, found 0", "no circle and square pair to be to the left of each other"),
        GenEvalJudge.judge(leftOf, List.of(detection(at(RED, CIRCLE, 2, 2)))).reasons());
  }

  @Test
  void truthScenesMustFitTheGrid() {
    GenEvalScenes twoByTwo = new GenEvalScenes(new ShapesWorldConfig(32, 2, 1, 4));
    GenEvalRequirement five = new GenEvalRequirement(List.of(ObjectClause.exactly(5, CIRCLE)));
    PipelineException e = assertThrows(PipelineException.class, () -> twoByTwo.scene(five, 1, 0));
    assertEquals(EvalErrors.EVAL_PROBE_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().contains("asks for 5 objects but the 2x2 grid has 4 cells"), e.getMessage());
  }
}
