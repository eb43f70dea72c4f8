package dev.synergen.tokenization.shapes;

import java.util.List;

/**
 * Pinned outputs of the seeded generator (each checked true by {@link CaptionTruth}). A change here
 * silently changes every shapes corpus and benchmark: update only on a deliberate format change.
 */
final class SceneGoldens {
  static final String SEED_7_INDEX_1_JSON = "{\"format\":\"synergen-shapes-v1\",\"seed\":7,\"index\":1,\"width\":64,"
      + "\"height\":64,\"background\":\"white\",\"caption\":\"two black squares\",\"template\":\"count\",\"objects\":["
      + "{\"shape\":\"square\",\"color\":\"black\",\"size\":\"large\",\"bbox\":[23,2,18,18]},"
      + "{\"shape\":\"square\",\"color\":\"black\",\"size\":\"small\",\"bbox\":[50,50,8,8]}]}";

  static final List<String> SEED_7_CAPTIONS = List.of(
      "two medium green circles",
      "two black squares",
      "a purple triangle",
      "a purple triangle, a green triangle and a green square",
      "two yellow squares, a blue triangle and a yellow circle",
      "a black square and two green circles");

  private SceneGoldens() {}
}
