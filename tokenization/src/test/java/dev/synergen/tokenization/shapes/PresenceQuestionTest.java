package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PresenceQuestionTest {
  @Test
  void asksPopesQuestionInTheCaptionsEnglish() {
    assertEquals("Is there a red circle in the image?", PresenceQuestion.ask(ShapeColor.RED, ShapeKind.CIRCLE));
    ShapeColor vowel = java.util.Arrays.stream(ShapeColor.values())
        .filter(c -> "aeiou".indexOf(c.word().charAt(0)) >= 0).findFirst().orElse(null);
    if (vowel != null) {
      assertTrue(PresenceQuestion.ask(vowel, ShapeKind.SQUARE).startsWith("Is there an " + vowel.word()));
    }
  }

  @Test
  void everyAnswerIsTrueOfItsSceneAndYesAndNoComeEquallyOften() {
    SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());
    int yes = 0;
    int asked = 0;
    for (int index = 0; index < 2000; index++) {
      Scene scene = generator.generate(5, index);
      ShapesCaption q = PresenceQuestion.write(scene, 5, index, 100);
      asked++;
      assertEquals(CaptionTemplate.QUESTION, q.template());
      boolean present = false;
      for (ShapeObject o : scene.objects()) {
        present |= q.text().startsWith(PresenceQuestion.ask(o.color(), o.shape()) + " ");
      }
      String answer = q.text().substring(q.text().lastIndexOf(' ') + 1);
      assertEquals(present ? PresenceQuestion.YES : PresenceQuestion.NO, answer, q.text() + " of " + scene);
      yes += present ? 1 : 0;
    }
    assertTrue(Math.abs(yes - asked / 2) < 100, yes + " yes of " + asked);
  }

  @Test
  void thePercentDecidesWhichScenesAreAsked() {
    Scene scene = new SceneGenerator(ShapesWorldConfig.defaults()).generate(5, 0);
    int asked = 0;
    for (int index = 0; index < 1000; index++) {
      boolean expected = PresenceQuestion.asked(5, index, 25);
      assertEquals(expected, PresenceQuestion.write(scene, 5, index, 25) != null, "sample " + index);
      asked += expected ? 1 : 0;
      assertNull(PresenceQuestion.write(scene, 5, index, 0));
    }
    assertTrue(asked > 200 && asked < 300, asked + " of 1000 asked at 25%");
  }
}
