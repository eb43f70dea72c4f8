package dev.synergen.eval.suites;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.shapes.CaptionWriter;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.SceneJson;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Shapes-world ground truth of held-out pairs: their scene JSON (absent in real corpora). */
final class HeldOutScenes {
  static final String NO_SCENES = "the held-out pairs carry no shapes-world scene JSON (a real corpus); this suite"
      + " builds its questions from the exact scene";

  private HeldOutScenes() {}

  /** The scene of a {@code raw_pairs.meta} document, or null when it is not shapes-world scene JSON. */
  static Scene scene(String meta) {
    if (meta == null || !meta.contains(SceneJson.FORMAT)) {
      return null;
    }
    try {
      return SceneJson.read(meta);
    } catch (PipelineException e) {
      return null;
    }
  }

  /**
   * The pair's caption and up to four more captions true of its scene (other templates and word
   * choices of the world's caption writer): the references of the caption metrics.
   */
  static List<String> references(String caption, Scene scene, long index) {
    Set<String> refs = new LinkedHashSet<>();
    refs.add(caption);
    if (scene != null) {
      for (long k = 1; k <= 12 && refs.size() < 5; k++) {
        refs.add(CaptionWriter.write(scene, 7919 * k, index).text());
      }
    }
    return List.copyOf(refs);
  }
}
