package dev.synergen.tokenization.shapes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.ingest.PairTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact ground truth stored beside each shapes-world image ({@code key.json}):
 * <pre>{"format":"synergen-shapes-v1","seed":7,"index":42,"width":64,"height":64,"background":"white",
 *  "caption":"two green triangles","template":"count",
 *  "objects":[{"shape":"triangle","color":"green","size":"small","bbox":[3,4,8,8]}, ...]}</pre>
 * {@code bbox} is {@code [x, y, width, height]} in pixels. A question sample's document has template
 * {@code question}, its question and answer as {@code caption}, and {@code "task":"vqa"} ({@link PairTask}). Field order is fixed, so the bytes are
 * deterministic.
 */
public final class SceneJson {
  public static final String FORMAT = "synergen-shapes-v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SceneJson() {}

  public static String write(Scene scene, ShapesCaption caption, long seed, long index) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("seed", seed);
    root.put("index", index);
    root.put("width", scene.width());
    root.put("height", scene.height());
    root.put("background", "white");
    root.put("caption", caption.text());
    root.put("template", caption.template().word());
    if (caption.template() == CaptionTemplate.QUESTION) {
      root.put(PairTask.FIELD, PairTask.VQA);
    }
    ArrayNode objects = root.putArray("objects");
    for (ShapeObject o : scene.objects()) {
      ObjectNode node = objects.addObject();
      node.put("shape", o.shape().word());
      node.put("color", o.color().word());
      node.put("size", o.size().word());
      node.putArray("bbox").add(o.bbox().x()).add(o.bbox().y()).add(o.bbox().width()).add(o.bbox().height());
    }
    return root.toString();
  }

  /** The scene of a {@code key.json} document; anything else is a {@link PipelineException} naming the problem. */
  public static Scene read(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      if (!FORMAT.equals(root.path("format").asText())) {
        throw TokenizationErrors.error(TokenizationErrors.SHAPES_SCENE_JSON_INVALID, "expected a shapes scene with format '" + FORMAT + "', got format '"
            + root.path("format").asText() + "'");
      }
      List<ShapeObject> objects = new ArrayList<>();
      for (JsonNode node : root.path("objects")) {
        JsonNode box = node.path("bbox");
        objects.add(new ShapeObject(ShapeKind.fromWord(node.path("shape").asText()),
            ShapeColor.fromWord(node.path("color").asText()), ShapeSize.fromWord(node.path("size").asText()),
            new BoundingBox(box.path(0).asInt(), box.path(1).asInt(), box.path(2).asInt(), box.path(3).asInt())));
      }
      return new Scene(root.path("width").asInt(), root.path("height").asInt(), objects);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw TokenizationErrors.error(TokenizationErrors.SHAPES_SCENE_JSON_INVALID, "shapes scene json is invalid: " + e.getMessage()
          + "; regenerate the corpus with 'synergen shapes'", e);
    }
  }

  /** The caption stored in a scene document. */
  public static String caption(String json) {
    try {
      return JSON.readTree(json).path("caption").asText();
    } catch (JsonProcessingException e) {
      throw TokenizationErrors.error(TokenizationErrors.SHAPES_SCENE_JSON_INVALID, "shapes scene json is invalid: " + e.getOriginalMessage(), e);
    }
  }
}
