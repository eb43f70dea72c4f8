package dev.synergen.eval.probes;

/** GenEval's (Ghosh et al., NeurIPS 2023) six task categories, with the tags of its metadata. */
public enum GenEvalTask {
  SINGLE_OBJECT("single_object"),
  TWO_OBJECTS("two_object"),
  COUNTING("counting"),
  COLORS("colors"),
  POSITION("position"),
  COLOR_ATTRIBUTION("color_attr");

  private final String tag;

  GenEvalTask(String tag) {
    this.tag = tag;
  }

  /** GenEval's tag, e.g. "color_attr"; the task's name in reports. */
  public String tag() {
    return tag;
  }
}
