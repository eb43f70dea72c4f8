package dev.synergen.eval.probes;

import static dev.synergen.eval.probes.TestScenes.kind;
import static dev.synergen.eval.probes.TestScenes.row;
import static dev.synergen.tokenization.shapes.ShapeColor.BLUE;
import static dev.synergen.tokenization.shapes.ShapeColor.GREEN;
import static dev.synergen.tokenization.shapes.ShapeColor.RED;
import static dev.synergen.tokenization.shapes.ShapeColor.YELLOW;
import static dev.synergen.tokenization.shapes.ShapeKind.CIRCLE;
import static dev.synergen.tokenization.shapes.ShapeKind.SQUARE;
import static dev.synergen.tokenization.shapes.ShapeKind.TRIANGLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.SceneGenerator;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PopeProbesTest {
  private static final ObjectKind RED_CIRCLE = kind(RED, CIRCLE);
  private static final ObjectKind BLUE_SQUARE = kind(BLUE, SQUARE);
  private static final ObjectKind GREEN_TRIANGLE = kind(GREEN, TRIANGLE);
  private static final ObjectKind YELLOW_SQUARE = kind(YELLOW, SQUARE);

  // frequency: red circle 3, blue square 2, green triangle 2, yellow square 1
  // co-occurrence with red circle: blue square 2, green triangle 2; with green triangle: red circle 2, blue square 1
  private static final List<Scene> HAND_MADE = List.of(
      row(RED_CIRCLE, BLUE_SQUARE),
      row(RED_CIRCLE, BLUE_SQUARE, GREEN_TRIANGLE),
      row(RED_CIRCLE, GREEN_TRIANGLE),
      row(YELLOW_SQUARE));

  private static List<Scene> generated(int count) {
    SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());
    List<Scene> scenes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      scenes.add(generator.generate(31, i));
    }
    return scenes;
  }

  private static List<PopeProbe> ofScene(List<PopeProbe> probes, int scene) {
    return probes.stream().filter(p -> p.scene() == scene).toList();
  }

  private static Map<Integer, List<PopeProbe>> byScene(List<PopeProbe> probes) {
    return probes.stream().collect(Collectors.groupingBy(PopeProbe::scene));
  }

  @Test
  void asksInTheCaptionsEnglish() {
    PopeProbe probe = new PopeProbe(0, RED_CIRCLE, true, PopeSetting.RANDOM);
    assertEquals("Is there a red circle in the image?", probe.question());
    assertEquals("yes", probe.answer());
  }

  @Test
  void popularNegativesAreTheMostFrequentAbsentKinds() {
    List<PopeProbe> probes = new PopeProbes(HAND_MADE).build(PopeSetting.POPULAR, 3, 1);
    // scene 3 holds only the yellow square: the most frequent kind, the red circle, is its negative
    assertEquals(List.of(new PopeProbe(3, YELLOW_SQUARE, true, PopeSetting.POPULAR),
        new PopeProbe(3, RED_CIRCLE, false, PopeSetting.POPULAR)), ofScene(probes, 3));
    // scene 0 holds the two most frequent kinds: its negatives are the next, green triangle (2), then yellow square (1)
    List<ObjectKind> negatives = ofScene(probes, 0).stream().filter(p -> !p.present()).map(PopeProbe::object).toList();
    assertEquals(List.of(GREEN_TRIANGLE, YELLOW_SQUARE), negatives);
  }

  @Test
  void adversarialNegativesCoOccurWithThePositive() {
    List<PopeProbe> scene2 = ofScene(new PopeProbes(HAND_MADE).build(PopeSetting.ADVERSARIAL, 3, 1), 2);
    assertEquals(4, scene2.size());
    // Scene 2 holds the red circle and the green triangle. Whichever is probed first, its top absent
    // co-occurring kind is the blue square (with the red circle 2 scenes, with the green triangle 1).
    assertEquals(BLUE_SQUARE, scene2.get(1).object());
    // The second positive has no absent, unused kind it ever co-occurs with: POPE falls back to random.
    assertFalse(Set.of(RED_CIRCLE, GREEN_TRIANGLE, BLUE_SQUARE).contains(scene2.get(3).object()), scene2.toString());
    // scene 3's yellow square never co-occurs with anything: random, but never itself
    assertNotEquals(YELLOW_SQUARE, ofScene(new PopeProbes(HAND_MADE).build(PopeSetting.ADVERSARIAL, 3, 1), 3)
        .get(1).object());
  }

  @Test
  void negativesAreNeverPresentAndProbesAreBalanced() {
    List<Scene> scenes = generated(2000);
    PopeProbes pope = new PopeProbes(scenes);
    for (PopeSetting setting : PopeSetting.values()) {
      Map<Integer, List<PopeProbe>> probes = byScene(pope.build(setting, 3, 5));
      for (int i = 0; i < scenes.size(); i++) {
        Scene scene = scenes.get(i);
        List<PopeProbe> mine = probes.get(i);
        Set<ObjectKind> asked = new HashSet<>();
        int yes = 0;
        for (PopeProbe p : mine) {
          boolean really = scene.objects().stream().anyMatch(p.object()::matches);
          assertEquals(really, p.present(), setting + " scene " + i + " " + p);
          assertTrue(asked.add(p.object()), setting + " scene " + i + " asks twice about " + p.object());
          yes += p.present() ? 1 : 0;
        }
        int kinds = ObjectKind.present(scene).size();
        assertEquals(Math.min(3, kinds), yes, setting + " scene " + i + " positives");
        assertEquals(2 * yes, mine.size(), setting + " scene " + i + " is balanced");
      }
    }
  }

  @Test
  void popularAndAdversarialRankingsHoldOnGeneratedScenes() {
    List<Scene> scenes = generated(500);
    PopeProbes pope = new PopeProbes(scenes);
    // independent counts: scenes holding each kind, and each pair of kinds
    List<ObjectKind> all = ObjectKind.all();
    int[] frequency = new int[all.size()];
    int[][] together = new int[all.size()][all.size()];
    for (Scene s : scenes) {
      for (ObjectKind a : ObjectKind.present(s)) {
        frequency[all.indexOf(a)]++;
        for (ObjectKind b : ObjectKind.present(s)) {
          together[all.indexOf(a)][all.indexOf(b)]++;
        }
      }
    }
    Map<Integer, List<PopeProbe>> popular = byScene(pope.build(PopeSetting.POPULAR, 3, 9));
    Map<Integer, List<PopeProbe>> adversarial = byScene(pope.build(PopeSetting.ADVERSARIAL, 3, 9));
    for (int i = 0; i < scenes.size(); i++) {
      Scene scene = scenes.get(i);
      Set<ObjectKind> unavailable = new HashSet<>(ObjectKind.present(scene));
      for (PopeProbe p : popular.get(i)) {
        if (!p.present()) {
          for (ObjectKind other : all) {
            if (!unavailable.contains(other)) {
              assertTrue(frequency[all.indexOf(p.object())] >= frequency[all.indexOf(other)],
                  "scene " + i + ": popular negative " + p.object() + " is rarer than " + other);
            }
          }
        }
        unavailable.add(p.object());
      }
      List<PopeProbe> mine = adversarial.get(i);
      unavailable = new HashSet<>(ObjectKind.present(scene));
      for (int j = 0; j < mine.size(); j += 2) {
        ObjectKind positive = mine.get(j).object();
        ObjectKind negative = mine.get(j + 1).object();
        int chosen = together[all.indexOf(positive)][all.indexOf(negative)];
        for (ObjectKind other : all) {
          if (!unavailable.contains(other)) {
            assertTrue(chosen >= together[all.indexOf(positive)][all.indexOf(other)],
                "scene " + i + ": adversarial negative " + negative
                + " co-occurs with " + positive + " less than " + other);
          }
        }
        unavailable.add(negative);
      }
    }
  }

  @Test
  void deterministicGivenTheSeed() {
    List<Scene> scenes = generated(300);
    PopeProbes pope = new PopeProbes(scenes);
    assertEquals(pope.build(PopeSetting.RANDOM, 3, 11), new PopeProbes(scenes).build(PopeSetting.RANDOM, 3, 11));
    assertNotEquals(pope.build(PopeSetting.RANDOM, 3, 11), pope.build(PopeSetting.RANDOM, 3, 12));
    // over many scenes the random negatives reach every kind of the world
    Set<ObjectKind> negatives = new HashSet<>();
    pope.build(PopeSetting.RANDOM, 3, 11).stream().filter(p -> !p.present()).forEach(p -> negatives.add(p.object()));
    assertEquals(new HashSet<>(ObjectKind.all()), negatives);
  }
}
