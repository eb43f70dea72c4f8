package dev.synergen.tokenization.shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates random scenes: 1-4 objects in distinct grid cells, each with a random shape, colour and
 * size at a random offset inside its cell. Scene {@code index} of seed {@code seed} is the same
 * on every machine and independent of how many other scenes are generated.
 */
public final class SceneGenerator {
  // Repeating a (colour, shape) makes counting captions ("two green triangles") common enough to learn.
  private static final int REPEAT_PERCENT = 30;

  private final ShapesWorldConfig config;

  public SceneGenerator(ShapesWorldConfig config) {
    this.config = config;
  }

  public Scene generate(long seed, long index) {
    return generate(SeededRandom.forSample(seed, index));
  }

  Scene generate(SeededRandom random) {
    int cells = config.gridSize() * config.gridSize();
    int count = config.minObjects() + random.nextInt(config.maxObjects() - config.minObjects() + 1);
    int[] order = shuffledCells(random, cells);
    int[] chosen = java.util.Arrays.copyOf(order, count);
    java.util.Arrays.sort(chosen); // objects listed in reading order of their cells
    List<ShapeObject> objects = new ArrayList<>();
    for (int cell : chosen) {
      ShapeKind shape;
      ShapeColor color;
      if (!objects.isEmpty() && random.chance(REPEAT_PERCENT)) {
        ShapeObject earlier = objects.get(random.nextInt(objects.size()));
        shape = earlier.shape();
        color = earlier.color();
      } else {
        shape = random.pick(ShapeKind.values());
        color = random.pick(ShapeColor.values());
      }
      ShapeSize size = random.pick(ShapeSize.values());
      objects.add(new ShapeObject(shape, color, size, place(random, cell, config.side(size))));
    }
    return new Scene(config.imageSize(), config.imageSize(), objects);
  }

  private BoundingBox place(SeededRandom random, int cell, int side) {
    int cellSize = config.cellSize();
    int cellX = config.gridOrigin() + (cell % config.gridSize()) * cellSize;
    int cellY = config.gridOrigin() + (cell / config.gridSize()) * cellSize;
    int slack = cellSize - 2 - side; // 1-pixel margin on each side of the cell
    return new BoundingBox(cellX + 1 + random.nextInt(slack + 1), cellY + 1 + random.nextInt(slack + 1), side, side);
  }

  private static int[] shuffledCells(SeededRandom random, int cells) {
    int[] order = new int[cells];
    for (int i = 0; i < cells; i++) {
      order[i] = i;
    }
    for (int i = cells - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
