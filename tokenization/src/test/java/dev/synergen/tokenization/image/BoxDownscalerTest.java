package dev.synergen.tokenization.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BoxDownscalerTest {
  private static RgbImage grey(int w, int h, int... levels) {
    int[] pixels = new int[levels.length];
    for (int i = 0; i < levels.length; i++) {
      pixels[i] = levels[i] * 0x010101;
    }
    return new RgbImage(w, h, pixels);
  }

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    RgbImage image = grey(4, 2, 0, 10, 20, 30, 40, 50, 60, 71);
    RgbImage half = BoxDownscaler.resize(image, 2, 1);
    // (0 + 10 + 40 + 50) / 4 = 25; (20 + 30 + 60 + 71) / 4 = 45.25 -> 45
    assertArrayEquals(new int[] {25 * 0x010101, 45 * 0x010101}, half.pixels());
  }

  @Test
  void nonIntegerRatiosWeightPixelsByOverlap() {
    // 3 -> 2: target 0 covers source 0 fully and half of source 1
    RgbImage image = grey(3, 1, 0, 90, 180);
    RgbImage out = BoxDownscaler.resize(image, 2, 1);
    // (0 * 2 + 90 * 1) / 3 = 30; (90 * 1 + 180 * 2) / 3 = 150
    assertArrayEquals(new int[] {30 * 0x010101, 150 * 0x010101}, out.pixels());
  }

  @Test
  void aUniformImageStaysUniform() {
    int[] pixels = new int[37 * 23];
    java.util.Arrays.fill(pixels, 0x3c7f11);
    RgbImage out = BoxDownscaler.resize(new RgbImage(37, 23, pixels), 10, 7);
    for (int p : out.pixels()) {
      assertEquals(0x3c7f11, p);
    }
  }

  @Test
  void fitWithinKeepsTheAspectRatioAndLeavesSmallImagesAlone() {
    RgbImage wide = new RgbImage(300, 100, new int[300 * 100]);
    RgbImage fitted = BoxDownscaler.fitWithin(wide, 64);
    assertEquals(64, fitted.width());
    assertEquals(21, fitted.height()); // 100 * 64 / 300 = 21.33
    RgbImage tall = new RgbImage(10, 1000, new int[10 * 1000]);
    assertEquals(1, BoxDownscaler.fitWithin(tall, 50).width()); // 0.5 rounds to 1, never 0
    assertSame(wide, BoxDownscaler.fitWithin(wide, 300));
    assertSame(wide, BoxDownscaler.fitWithin(wide, 0));
  }
}
