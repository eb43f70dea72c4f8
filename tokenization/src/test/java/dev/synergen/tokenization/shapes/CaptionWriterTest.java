package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptionWriterTest {
  private static final BoundingBox LEFT = new BoundingBox(2, 30, 8, 8);
  private static final BoundingBox RIGHT = new BoundingBox(44, 30, 13, 13);

  @Test
  void everyCaptionIsTrueOfItsScene() {
    SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());
    Map<CaptionTemplate, Integer> used = new EnumMap<>(CaptionTemplate.class);
    for (int index = 0; index < 3000; index++) {
      Scene scene = generator.generate(3, index);
      ShapesCaption caption = CaptionWriter.write(scene, 3, index);
      CaptionTruth.check(scene, caption);
      used.merge(caption.template(), 1, Integer::sum);
    }
    for (CaptionTemplate template : CaptionTemplate.CAPTIONS) {
      assertTrue(used.getOrDefault(template, 0) > 300, "template " + template + " used " + used);
    }
  }

  @Test
  void theTruthCheckerCatchesFalseCaptions() {
    Scene scene = new Scene(64, 64, List.of(
        new ShapeObject(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.SMALL, LEFT),
        new ShapeObject(ShapeKind.SQUARE, ShapeColor.BLUE, ShapeSize.MEDIUM, RIGHT)));
    CaptionTruth.check(scene, new ShapesCaption("a red circle to the left of a blue square", CaptionTemplate.RELATION));
    CaptionTruth.check(scene, new ShapesCaption("a small red circle and a blue square", CaptionTemplate.LIST));
    assertThrows(AssertionError.class, () -> CaptionTruth.check(scene,
        new ShapesCaption("a red circle to the right of a blue square", CaptionTemplate.RELATION)));
    assertThrows(AssertionError.class, () -> CaptionTruth.check(scene,
        new ShapesCaption("a red circle", CaptionTemplate.LIST)));
    assertThrows(AssertionError.class, () -> CaptionTruth.check(scene,
        new ShapesCaption("a large red circle and a blue square", CaptionTemplate.LIST)));
    assertThrows(AssertionError.class, () -> CaptionTruth.check(scene,
        new ShapesCaption("two red circles", CaptionTemplate.COUNT)));
  }

  @Test
  void relationsNameObjectsUniquelyAddingTheSizeWhenColourAndShapeRepeat() {
    Scene scene = new Scene(64, 64, List.of(
        new ShapeObject(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.SMALL, LEFT),
        new ShapeObject(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.MEDIUM, RIGHT)));
    for (int index = 0; index < 50; index++) {
      ShapesCaption caption = CaptionWriter.write(scene, 11, index);
      CaptionTruth.check(scene, caption);
      if (caption.template() == CaptionTemplate.RELATION) {
        assertTrue(caption.text().equals("a small red circle to the left of a medium red circle")
            || caption.text().equals("a medium red circle to the right of a small red circle"), caption.text());
      } else {
        assertTrue(caption.text().equals("two red circles"), caption.text());
      }
    }
  }

  @Test
  void identicalObjectsCannotBeTellApartSoNoRelationIsWrittenAboutThem() {
    Scene scene = new Scene(64, 64, List.of(
        new ShapeObject(ShapeKind.TRIANGLE, ShapeColor.GREEN, ShapeSize.SMALL, LEFT),
        new ShapeObject(ShapeKind.TRIANGLE, ShapeColor.GREEN, ShapeSize.SMALL, new BoundingBox(44, 30, 8, 8))));
    for (int index = 0; index < 50; index++) {
      ShapesCaption caption = CaptionWriter.write(scene, 11, index);
      assertTrue(caption.text().equals("two green triangles") || caption.text().equals("two small green triangles"),
          caption.text());
    }
  }

  @Test
  void captionsAreFixedForAGivenSeed() {
    SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());
    List<String> captions = new java.util.ArrayList<>();
    for (int index = 0; index < 6; index++) {
      captions.add(CaptionWriter.write(generator.generate(7, index), 7, index).text());
    }
    assertEquals(SceneGoldens.SEED_7_CAPTIONS, captions);
  }
}
