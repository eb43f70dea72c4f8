package dev.synergen.tokenization.shapes;

import dev.synergen.core.config.Setting;
import dev.synergen.core.config.SettingsGroup;

/** The {@code shapes.*} settings, declared once; {@link ShapesJob#config} and {@code synergen shapes --help} derive from them. */
public final class ShapesSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("shapes");
  private static final ShapesWorldConfig WORLD = ShapesWorldConfig.defaults();

  public static final Setting<String> OUTPUT = GROUP.add(Setting.string("shapes.output", "shapes")
      .flag("--output", "DIR").doc("Directory of the shards."));
  public static final Setting<Long> COUNT = GROUP.add(Setting.longValue("shapes.count", 10_000L, 1, Long.MAX_VALUE)
      .flag("--count", "N").doc("Number of image-caption pairs."));
  public static final Setting<Long> SEED = GROUP.add(Setting.longValue("shapes.seed", 0L, Long.MIN_VALUE,
      Long.MAX_VALUE).flag("--seed", "N").doc("Seed of the scene generator."));
  public static final Setting<Integer> SAMPLES_PER_SHARD = GROUP.add(Setting.integer("shapes.samples_per_shard", 1000,
      1, 1_000_000).flag("--samples-per-shard", "N").doc("Pairs per tar shard."));
  public static final Setting<Integer> IMAGE_SIZE = GROUP.add(Setting.integer("shapes.image_size", WORLD.imageSize(),
      16, 4096).flag("--image-size", "PX").doc("Side of the square images in pixels."));
  public static final Setting<Integer> GRID = GROUP.add(Setting.integer("shapes.grid", WORLD.gridSize(), 2, 64)
      .flag("--grid", "N").doc("Scenes place objects on an N x N grid."));
  public static final Setting<Integer> MIN_OBJECTS = GROUP.add(Setting.integer("shapes.min_objects", WORLD.minObjects(),
      1, 4096).flag("--min-objects", "N").doc("Fewest objects per scene."));
  public static final Setting<Integer> MAX_OBJECTS = GROUP.add(Setting.integer("shapes.max_objects", WORLD.maxObjects(),
      1, 4096).flag("--max-objects", "N").doc("Most objects per scene."));

  public static final Setting<Integer> QUESTION_PERCENT = GROUP.add(Setting.integer("shapes.question_percent", 0, 0,
      100).flag("--question-percent", "P").doc("Percent of scenes that also get a presence question sample "
      + "(\"Is there a red circle in the image? yes\"), the world's VQA data; it teaches what POPE asks."));

  private ShapesSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }
}
