package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synergen.tokenization.image.RgbImage;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapesDetectorTest {
  private static final Comparator<ShapeObject> READING_ORDER =
      Comparator.comparingInt((ShapeObject o) -> o.bbox().y()).thenComparingInt(o -> o.bbox().x());

  private static List<ShapeObject> truth(Scene scene) {
    return scene.objects().stream().sorted(READING_ORDER).toList();
  }

  private static List<ShapeObject> detected(ShapesDetector detector, RgbImage image) {
    return detector.detect(image).stream().map(DetectedObject::asShapeObject).toList();
  }

  private static void assertExact(ShapesWorldConfig world, long seed, int scenes) {
    SceneGenerator generator = new SceneGenerator(world);
    ShapesDetector detector = new ShapesDetector(world);
    for (int index = 0; index < scenes; index++) {
      Scene scene = generator.generate(seed, index);
      assertEquals(truth(scene), detected(detector, SceneRenderer.render(scene)), "scene " + index + " of " + world);
    }
  }

  @Test
  void recoversEveryObjectExactlyOnRenderedScenes() {
    assertExact(ShapesWorldConfig.defaults(), 11, 3000);
  }

  @Test
  void isExactAtOtherImageSizesToo() {
    assertExact(new ShapesWorldConfig(32, 2, 1, 4), 12, 1000);
    assertExact(new ShapesWorldConfig(128, 4, 1, 6), 13, 500);
  }

  @Test
  void toleratesTheColourNoiseOfGeneratedImages() {
    ShapesWorldConfig world = ShapesWorldConfig.defaults();
    SceneGenerator generator = new SceneGenerator(world);
    ShapesDetector detector = new ShapesDetector(world);
    SeededRandom noise = new SeededRandom(99);
    for (int index = 0; index < 300; index++) {
      Scene scene = generator.generate(14, index);
      int[] pixels = SceneRenderer.render(scene).pixels().clone();
      for (int i = 0; i < pixels.length; i++) {
        int p = pixels[i];
        int r = clamp((p >>> 16 & 0xff) + noise.nextInt(41) - 20);
        int g = clamp((p >>> 8 & 0xff) + noise.nextInt(41) - 20);
        int b = clamp((p & 0xff) + noise.nextInt(41) - 20);
        pixels[i] = r << 16 | g << 8 | b;
      }
      assertEquals(truth(scene), detected(detector, new RgbImage(64, 64, pixels)), "noisy scene " + index);
    }
  }

  @Test
  void ignoresSpecksAndColoursFarFromThePalette() {
    ShapesWorldConfig world = ShapesWorldConfig.defaults();
    Scene scene = new Scene(64, 64, List.of(
        new ShapeObject(ShapeKind.TRIANGLE, ShapeColor.RED, ShapeSize.LARGE, new BoundingBox(2, 2, 18, 18))));
    int[] pixels = SceneRenderer.render(scene).pixels().clone();
    pixels[40 * 64 + 40] = ShapeColor.BLUE.rgb(); // a one-pixel speck
    for (int y = 44; y < 60; y++) {
      for (int x = 44; x < 60; x++) {
        pixels[y * 64 + x] = 0x808080; // grey is no palette colour
      }
    }
    List<DetectedObject> found = new ShapesDetector(world).detect(new RgbImage(64, 64, pixels));
    assertEquals(truth(scene), found.stream().map(DetectedObject::asShapeObject).toList());
    // rows of 2 + 2 * floor(r * 8 / 17) pixels, r = 0..17
    assertEquals(164, found.get(0).pixels(), "pixel count of an 18-pixel triangle");
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
