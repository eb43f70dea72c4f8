package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {
  private final SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());

  @Test
  void aSceneDependsOnlyOnSeedAndIndex() {
    assertEquals(generator.generate(7, 123), generator.generate(7, 123));
    assertEquals(generator.generate(7, 123), new SceneGenerator(ShapesWorldConfig.defaults()).generate(7, 123));
    assertNotEquals(generator.generate(7, 123), generator.generate(7, 124));
    assertNotEquals(generator.generate(7, 123), generator.generate(8, 123));
  }

  @Test
  void sceneOneOfSeedSevenIsFixedAcrossMachinesAndVersions() {
    Scene scene = generator.generate(7, 1);
    assertEquals(SceneGoldens.SEED_7_INDEX_1_JSON, SceneJson.write(scene, CaptionWriter.write(scene, 7, 1), 7, 1));
  }

  @Test
  void scenesRespectTheWorldsRules() {
    ShapesWorldConfig world = ShapesWorldConfig.defaults();
    Set<Integer> counts = new TreeSet<>();
    Set<ShapeKind> shapes = EnumSet.noneOf(ShapeKind.class);
    Set<ShapeColor> colours = EnumSet.noneOf(ShapeColor.class);
    Set<ShapeSize> sizes = EnumSet.noneOf(ShapeSize.class);
    for (int index = 0; index < 2000; index++) {
      Scene scene = generator.generate(1, index);
      counts.add(scene.objects().size());
      for (ShapeObject o : scene.objects()) {
        shapes.add(o.shape());
        colours.add(o.color());
        sizes.add(o.size());
        assertEquals(world.side(o.size()), o.bbox().width(), "scene " + index);
        assertEquals(o.bbox().width(), o.bbox().height(), "scene " + index);
        for (ShapeObject other : scene.objects()) {
          if (other != o) {
            BoundingBox grown = new BoundingBox(o.bbox().x() - 1, o.bbox().y() - 1, o.bbox().width() + 2,
                o.bbox().height() + 2);
            assertTrue(!grown.intersects(other.bbox()), "objects touch in scene " + index + ": " + scene);
          }
        }
      }
    }
    assertEquals(Set.of(1, 2, 3, 4), counts);
    assertEquals(EnumSet.allOf(ShapeKind.class), shapes);
    assertEquals(EnumSet.allOf(ShapeColor.class), colours);
    assertEquals(EnumSet.allOf(ShapeSize.class), sizes);
  }

  @Test
  void scenesRefuseOverlapsAndObjectsOffTheCanvas() {
    ShapeObject a = new ShapeObject(ShapeKind.SQUARE, ShapeColor.RED, ShapeSize.SMALL, new BoundingBox(0, 0, 8, 8));
    ShapeObject b = new ShapeObject(ShapeKind.CIRCLE, ShapeColor.BLUE, ShapeSize.SMALL, new BoundingBox(7, 7, 8, 8));
    IllegalArgumentException overlap = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Scene(64, 64, java.util.List.of(a, b)));
    assertEquals("objects 0 and 1 overlap: BoundingBox[x=0, y=0, width=8, height=8] and"
        + " BoundingBox[x=7, y=7, width=8, height=8]", overlap.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Scene(10, 10, java.util.List.of(b)));
  }
}
