package dev.synergen.eval.probes;

import static dev.synergen.eval.probes.TestScenes.kind;
import static dev.synergen.tokenization.shapes.ShapeColor.BLUE;
import static dev.synergen.tokenization.shapes.ShapeColor.RED;
import static dev.synergen.tokenization.shapes.ShapeKind.CIRCLE;
import static dev.synergen.tokenization.shapes.ShapeKind.SQUARE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synergen.tokenization.shapes.Scene;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectKindTest {
  @Test
  void phrasesAsCaptionsDo() {
    assertEquals("red circle", kind(RED, CIRCLE).phrase());
    assertEquals("red circles", kind(RED, CIRCLE).plural());
    assertEquals("an orange box", CaptionPhrases.withArticle("orange box")); // the captions' a/an rule
    assertEquals("three blue squares", CaptionPhrases.counted(3, "blue square", "blue squares"));
    assertEquals("a blue square", CaptionPhrases.counted(1, "blue square", "blue squares"));
  }

  @Test
  void theVocabularyIsEveryColourAndShape() {
    assertEquals(6 * 3, ObjectKind.all().size());
    Scene scene = TestScenes.row(kind(BLUE, SQUARE), kind(RED, CIRCLE), kind(BLUE, SQUARE));
    assertEquals(List.of(kind(RED, CIRCLE), kind(BLUE, SQUARE)), ObjectKind.present(scene)); // in all() order
    assertEquals(2, kind(BLUE, SQUARE).count(scene));
  }
}
