package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeGeometryTest {
  private static int[] rowWidths(ShapeKind shape, int side) {
    int[] widths = new int[side];
    for (int dy = 0; dy < side; dy++) {
      for (int dx = 0; dx < side; dx++) {
        widths[dy] += shape.covers(side, dx, dy) ? 1 : 0;
      }
    }
    return widths;
  }

  @Test
  void everyShapeTouchesAllFourEdgesOfItsSquareSoItsBoxIsItsPlacement() {
    for (ShapeKind shape : ShapeKind.values()) {
      for (int side = ShapesWorldConfig.MIN_OBJECT_SIDE; side <= 40; side++) {
        boolean top = false;
        boolean bottom = false;
        boolean left = false;
        boolean right = false;
        for (int i = 0; i < side; i++) {
          top |= shape.covers(side, i, 0);
          bottom |= shape.covers(side, i, side - 1);
          left |= shape.covers(side, 0, i);
          right |= shape.covers(side, side - 1, i);
        }
        assertTrue(top && bottom && left && right, shape + " of side " + side + " top=" + top + " bottom=" + bottom
            + " left=" + left + " right=" + right);
      }
    }
  }

  @Test
  void trianglesWidenDownwardsSymmetricallyAndCirclesAreSymmetric() {
    for (int side = ShapesWorldConfig.MIN_OBJECT_SIDE; side <= 40; side++) {
      int[] widths = rowWidths(ShapeKind.TRIANGLE, side);
      assertEquals(side % 2 == 0 ? 2 : 1, widths[0], "apex of side " + side);
      assertEquals(side, widths[side - 1], "base of side " + side);
      for (int dy = 1; dy < side; dy++) {
        assertTrue(widths[dy] >= widths[dy - 1], "triangle row " + dy + " of side " + side + " narrows");
      }
      for (int dy = 0; dy < side; dy++) {
        for (int dx = 0; dx < side; dx++) {
          assertEquals(ShapeKind.TRIANGLE.covers(side, dx, dy), ShapeKind.TRIANGLE.covers(side, side - 1 - dx, dy));
          assertEquals(ShapeKind.CIRCLE.covers(side, dx, dy), ShapeKind.CIRCLE.covers(side, dy, dx));
          assertEquals(ShapeKind.CIRCLE.covers(side, dx, dy), ShapeKind.CIRCLE.covers(side, side - 1 - dx, side - 1 - dy));
        }
      }
      assertTrue(!ShapeKind.CIRCLE.covers(side, 0, 0), "circle corner of side " + side);
    }
  }

  @Test
  void theEightPixelCircleIsTheExpectedDisc() {
    StringBuilder art = new StringBuilder();
    for (int dy = 0; dy < 8; dy++) {
      for (int dx = 0; dx < 8; dx++) {
        art.append(ShapeKind.CIRCLE.covers(8, dx, dy) ? '#' : '.');
      }
      art.append('\n');
    }
    assertEquals("""
        ..####..
        .######.
        ########
        ########
        ########
        ########
        .######.
        ..####..
        """, art.toString());
  }

  @Test
  void paletteColoursAreFarApartAndFarFromTheBackground() {
    ShapeColor[] colours = ShapeColor.values();
    for (int i = 0; i < colours.length; i++) {
      assertTrue(distance(colours[i].rgb(), ShapeColor.BACKGROUND_RGB) >= 200, colours[i] + " vs white: "
          + distance(colours[i].rgb(), ShapeColor.BACKGROUND_RGB));
      for (int j = 0; j < i; j++) {
        double d = distance(colours[i].rgb(), colours[j].rgb());
        assertTrue(d >= 2 * ShapesDetector.MAX_COLOUR_DISTANCE, colours[i] + " vs " + colours[j] + ": " + d);
      }
    }
  }

  private static double distance(int a, int b) {
    int dr = (a >>> 16 & 0xff) - (b >>> 16 & 0xff);
    int dg = (a >>> 8 & 0xff) - (b >>> 8 & 0xff);
    int db = (a & 0xff) - (b & 0xff);
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }

  @Test
  void defaultSizesAreEightThirteenAndEighteenPixels() {
    ShapesWorldConfig world = ShapesWorldConfig.defaults();
    assertEquals(21, world.cellSize());
    assertEquals(8, world.side(ShapeSize.SMALL));
    assertEquals(13, world.side(ShapeSize.MEDIUM));
    assertEquals(18, world.side(ShapeSize.LARGE));
  }

  @Test
  void configsWithIndistinguishablyTinyObjectsAreRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ShapesWorldConfig(32, 3, 1, 4));
    assertEquals("imageSize 32 with gridSize 3 gives 10-pixel cells and 4-pixel small objects; small objects need >= 6"
        + " pixels: raise imageSize or lower gridSize", e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ShapesWorldConfig(64, 2, 1, 5));
  }
}
