package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.metrics.SplitMix64;
import dev.synergen.eval.probes.GenEvalRequirement.ObjectClause;
import dev.synergen.eval.probes.GenEvalRequirement.RelationClause;
import dev.synergen.tokenization.image.RgbImage;
import dev.synergen.tokenization.shapes.BoundingBox;
import dev.synergen.tokenization.shapes.Scene;
import dev.synergen.tokenization.shapes.SceneRenderer;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeObject;
import dev.synergen.tokenization.shapes.ShapeSize;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.shapes.SpatialRelation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground-truth scenes of GenEval requirements: exactly the objects the clauses ask for, one per grid
 * cell as the world's generator places them, colours the prompt leaves free and sizes drawn at random.
 * Rendering them and running the detector measures the judge's own accuracy on true images.
 */
public final class GenEvalScenes {
  private final ShapesWorldConfig world;

  public GenEvalScenes(ShapesWorldConfig world) {
    this.world = world;
  }

  /** Scene {@code index} of {@code seed}; a relation's two objects sit in cells that make it hold. */
  public Scene scene(GenEvalRequirement requirement, long seed, long index) {
    SplitMix64 random = SplitMix64.forItem(seed, index);
    int cells = world.gridSize() * world.gridSize();
    int objects = requirement.objects().stream().mapToInt(ObjectClause::count).sum();
    if (objects > cells) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "requirement " + requirement + " asks for " + objects
          + " objects but the " + world.gridSize() + "x" + world.gridSize() + " grid has " + cells
          + " cells; use a larger grid");
    }
    List<Integer> free = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      free.add(c);
    }
    random.shuffle(free);
    // clause index -> its one object's cell, for the two clauses of a relation
    Map<Integer, Integer> fixed = new HashMap<>();
    requirement.relation().ifPresent(r -> {
      int[] related = relatedCells(requirement, r, random);
      fixed.put(r.subject(), related[0]);
      fixed.put(r.target(), related[1]);
      free.removeAll(List.of(related[0], related[1]));
    });
    List<ShapeObject> placed = new ArrayList<>();
    for (int i = 0; i < requirement.objects().size(); i++) {
      ObjectClause clause = requirement.objects().get(i);
      for (int j = 0; j < clause.count(); j++) {
        int cell = fixed.containsKey(i) ? fixed.get(i) : free.remove(free.size() - 1);
        ShapeColor color = clause.color()
            .orElseGet(() -> ShapeColor.values()[random.nextInt(ShapeColor.values().length)]);
        ShapeSize size = ShapeSize.values()[random.nextInt(ShapeSize.values().length)];
        placed.add(new ShapeObject(clause.shape(), color, size, place(cell, world.side(size), random)));
      }
    }
    return new Scene(world.imageSize(), world.imageSize(), placed);
  }

  public RgbImage render(GenEvalRequirement requirement, long seed, long index) {
    return SceneRenderer.render(scene(requirement, seed, index));
  }

  /** Two cells, subject's first, whose grid positions make the relation hold for any objects placed inside them. */
  private int[] relatedCells(GenEvalRequirement requirement, RelationClause r, SplitMix64 random) {
    if (requirement.objects().get(r.subject()).count() != 1 || requirement.objects().get(r.target()).count() != 1) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "truth scenes place relations between single objects, got "
          + requirement);
    }
    int g = world.gridSize();
    List<int[]> pairs = new ArrayList<>();
    for (int a = 0; a < g * g; a++) {
      for (int b = 0; b < g * g; b++) {
        if (cellsRelated(r.relation(), a % g, a / g, b % g, b / g)) {
          pairs.add(new int[] {a, b});
        }
      }
    }
    return pairs.get(random.nextInt(pairs.size()));
  }

  // Objects keep a 1-pixel margin inside their cells, so an earlier column ends before a later one begins.
  private static boolean cellsRelated(SpatialRelation relation, int colA, int rowA, int colB, int rowB) {
    return switch (relation) {
      case LEFT_OF -> colA < colB;
      case RIGHT_OF -> colA > colB;
      case ABOVE -> rowA < rowB;
      case BELOW -> rowA > rowB;
    };
  }

  private BoundingBox place(int cell, int side, SplitMix64 random) {
    int cellSize = world.cellSize();
    int cellX = world.gridOrigin() + (cell % world.gridSize()) * cellSize;
    int cellY = world.gridOrigin() + (cell / world.gridSize()) * cellSize;
    int slack = cellSize - 2 - side;
    return new BoundingBox(cellX + 1 + random.nextInt(slack + 1), cellY + 1 + random.nextInt(slack + 1), side, side);
  }
}
