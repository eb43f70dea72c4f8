package dev.synergen.eval.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * t2i_match scored with stand-in generators: one that draws the held-out image itself is always
 * right, one that draws random colours lands on the chance level the suite reports, and a blank
 * image no nearer its own truth than any other is never counted right.
 */
class TextToImageMatchSuiteTest {
  private static final int N = 400;

  @Test
  void aGeneratorThatDrawsTheTruthMatchesEveryCaption() {
    SplittableRandom random = new SplittableRandom(3);
    List<String> captions = captions(N);
    List<BufferedImage> truths = images(N, random);
    List<ItemResult> items = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      items.add(transported(TextToImageMatchSuite.matched("p" + i, i, TextToImageMatchSuite.HeldOut.of(captions, truths), truths.get(i), null)));
    }
    MetricRow accuracy = TextToImageMatchSuite.score(items).get(0);
    assertEquals(1.0, accuracy.value());
    assertEquals(1.0 / TextToImageMatchSuite.CANDIDATES, accuracy.chance(), 1e-12);
    assertEquals("nearest: " + captions.get(5), items.get(5).output());
  }

  @Test
  void aGeneratorOfRandomColoursScoresAtChanceWithinTheInterval() {
    SplittableRandom random = new SplittableRandom(11);
    List<String> captions = captions(N);
    List<BufferedImage> truths = images(N, random);
    List<BufferedImage> noise = images(N, random);
    List<ItemResult> items = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      items.add(transported(TextToImageMatchSuite.matched("p" + i, i, TextToImageMatchSuite.HeldOut.of(captions, truths), noise.get(i), null)));
    }
    MetricRow accuracy = TextToImageMatchSuite.score(items).get(0);
    assertTrue(accuracy.low() <= accuracy.chance() && accuracy.chance() <= accuracy.high(), accuracy.toString());
    assertTrue(accuracy.value() < 0.25, accuracy.toString());
  }

  @Test
  void candidatesAreThePairThenOthersWithOtherCaptionsAtMostEight() {
    List<String> captions = List.of("red heart", "red heart", "grinning face", "grinning face", "fire", "a", "b", "c",
        "d", "e", "f", "g");
    assertEquals(List.of(0, 2, 4, 5, 6, 7, 8, 9), TextToImageMatchSuite.candidates(0, captions),
        "the other vendor's red heart and a second grinning face are no candidates");
    assertEquals(List.of(11, 0, 2, 4, 5, 6, 7, 8), TextToImageMatchSuite.candidates(11, captions), "cyclic");
    assertEquals(List.of(0), TextToImageMatchSuite.candidates(0, List.of("x", "x")), "one caption: no distractor");
  }

  @Test
  void aSecondImageOfACaptionScoredAsItsGenerationShowsTheMeasuresCeiling() {
    SplittableRandom random = new SplittableRandom(5);
    List<BufferedImage> images = images(4, random);
    List<String> captions = List.of("red heart", "fire", "red heart", "snow");
    // the second red heart is the first one's drawing: each is the other's perfect match
    List<BufferedImage> truths = List.of(images.get(0), images.get(1), images.get(0), images.get(3));
    MetricRow ceiling = TextToImageMatchSuite.secondDrawingAccuracy(TextToImageMatchSuite.HeldOut.of(captions, truths));
    assertEquals("second_drawing_accuracy", ceiling.metric());
    assertEquals(1.0, ceiling.value());
    assertEquals(2, ceiling.n(), "both red hearts, each with the other as its drawing");
    assertEquals(null, TextToImageMatchSuite.secondDrawingAccuracy(TextToImageMatchSuite.HeldOut.of(captions(5), images(5, random))),
        "no caption with two images: no row");
  }

  @Test
  void aTieWithAnotherCandidateIsNotAMatch() {
    BufferedImage black = solid(0x000000);
    List<BufferedImage> truths = List.of(black, black, black);
    ItemResult tie = TextToImageMatchSuite.matched("p0", 0,
        TextToImageMatchSuite.HeldOut.of(List.of("night", "coal", "ink"), truths), solid(0x808080), null);
    assertFalse(tie.correct());
    assertEquals(3.0, tie.score(), "both others as near as its own: rank 3");
    assertEquals("nearest: coal", tie.output());
  }

  private static ItemResult transported(ItemResult item) {
    return ItemResult.fromJson(item.toJson());
  }

  private static List<String> captions(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("emoji number " + i);
    }
    return out;
  }

  /** Images of four flat-coloured quadrants, like clip art at the thumbnail's scale. */
  private static List<BufferedImage> images(int n, SplittableRandom random) {
    List<BufferedImage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      for (int q = 0; q < 4; q++) {
        int rgb = random.nextInt(1 << 24);
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            image.setRGB((q % 2) * 8 + x, (q / 2) * 8 + y, rgb);
          }
        }
      }
      out.add(image);
    }
    return out;
  }

  private static BufferedImage solid(int rgb) {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }
}
