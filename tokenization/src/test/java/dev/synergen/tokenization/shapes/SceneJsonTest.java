package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import org.junit.jupiter.api.Test;

class SceneJsonTest {
  @Test
  void scenesRoundTripThroughJson() {
    SceneGenerator generator = new SceneGenerator(ShapesWorldConfig.defaults());
    for (int index = 0; index < 200; index++) {
      Scene scene = generator.generate(5, index);
      ShapesCaption caption = CaptionWriter.write(scene, 5, index);
      String json = SceneJson.write(scene, caption, 5, index);
      assertEquals(scene, SceneJson.read(json));
      assertEquals(caption.text(), SceneJson.caption(json));
    }
  }

  @Test
  void foreignJsonIsRefusedWithItsErrorClass() {
    PipelineException wrongFormat = assertThrows(PipelineException.class, () -> SceneJson.read("{\"format\":\"coco\"}"));
    assertEquals(TokenizationErrors.SHAPES_SCENE_JSON_INVALID.code(), wrongFormat.errorClass());
    assertEquals("[SHAPES_SCENE_JSON_INVALID] expected a shapes scene with format 'synergen-shapes-v1', got format 'coco'",
        wrongFormat.getMessage());
    PipelineException badColour = assertThrows(PipelineException.class, () -> SceneJson.read(
        "{\"format\":\"synergen-shapes-v1\",\"width\":64,\"height\":64,\"objects\":[{\"shape\":\"circle\","
            + "\"color\":\"mauve\",\"size\":\"small\",\"bbox\":[0,0,8,8]}]}"));
    assertEquals(TokenizationErrors.SHAPES_SCENE_JSON_INVALID.code(), badColour.errorClass());
  }
}
