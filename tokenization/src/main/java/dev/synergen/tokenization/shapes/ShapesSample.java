package dev.synergen.tokenization.shapes;

import dev.synergen.tokenization.image.PngCodec;
import java.nio.charset.StandardCharsets;

/** One generated pair: the rendered PNG, its caption and its scene JSON, under a WebDataset key. */
public record ShapesSample(String key, Scene scene, ShapesCaption caption, byte[] png, String json) {
  /** Sample {@code index} of {@code seed}; its key is the index zero-padded to 9 digits. */
  public static ShapesSample generate(ShapesWorldConfig world, long seed, long index) {
    Scene scene = new SceneGenerator(world).generate(seed, index);
    ShapesCaption caption = CaptionWriter.write(scene, seed, index);
    byte[] png = PngCodec.encode(SceneRenderer.render(scene));
    return new ShapesSample(key(index), scene, caption, png, SceneJson.write(scene, caption, seed, index));
  }

  /**
   * The question sample of scene sample {@code sample} when it gets one ({@code percent} of samples
   * do, see {@link PresenceQuestion}), else null: the same PNG under key {@code 000000042-question},
   * so ingest's pixel-hash split puts it beside its caption.
   */
  public static ShapesSample question(ShapesSample sample, long seed, long index, int percent) {
    ShapesCaption question = PresenceQuestion.write(sample.scene(), seed, index, percent);
    return question == null ? null : new ShapesSample(sample.key() + "-question", sample.scene(), question,
        sample.png(), SceneJson.write(sample.scene(), question, seed, index));
  }

  public static String key(long index) {
    return String.format("%09d", index);
  }

  public byte[] captionBytes() {
    return caption.text().getBytes(StandardCharsets.UTF_8);
  }

  public byte[] jsonBytes() {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
