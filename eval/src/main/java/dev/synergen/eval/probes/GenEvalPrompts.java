package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.metrics.SplitMix64;
import dev.synergen.eval.probes.GenEvalRequirement.ObjectClause;
import dev.synergen.eval.probes.GenEvalRequirement.RelationClause;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.SpatialRelation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GenEval's prompts, drawn as its {@code create_prompts.py} draws them, with the shapes (circle,
 * square, triangle) as its object classes and the world's palette as its colours, phrased as the
 * shapes-world captions phrase objects (no "a photo of" prefix, which captions never have):
 * <ul>
 *   <li>single object "a circle"; two objects "a circle and a square" (different shapes);</li>
 *   <li>counting "three triangles" (2 to 4, exact); colours "a red circle";</li>
 *   <li>position "a circle to the left of a square" (different shapes, the world's relation phrases);</li>
 *   <li>colour attribution "a red circle and a blue square" (different shapes and colours).</li>
 * </ul>
 * Like GenEval, only the colour and position tasks name colours and relations; the others leave the
 * colour free, so a render of any colour passes them.
 */
public final class GenEvalPrompts {
  /** GenEval's counting prompts ask for 2 to 4 objects. */
  public static final int MAX_COUNT = 4;

  private GenEvalPrompts() {}

  /** Prompt {@code index} of a task for {@code seed}; independent of every other index. */
  public static GenEvalPrompt prompt(GenEvalTask task, long seed, long index) {
    // a stream per task, so the tasks' prompts of one index are unrelated
    SplitMix64 random = SplitMix64.forItem(SplitMix64.forItem(seed, task.ordinal()).nextLong(), index);
    ShapeKind a = pick(random, ShapeKind.values());
    ShapeKind b = other(random, ShapeKind.values(), a);
    ShapeColor colorA = pick(random, ShapeColor.values());
    ShapeColor colorB = other(random, ShapeColor.values(), colorA);
    return switch (task) {
      case SINGLE_OBJECT -> new GenEvalPrompt(task, CaptionPhrases.withArticle(a.word()),
          new GenEvalRequirement(List.of(ObjectClause.atLeastOne(a))));
      case TWO_OBJECTS -> new GenEvalPrompt(task,
          CaptionPhrases.withArticle(a.word()) + " and " + CaptionPhrases.withArticle(b.word()),
          new GenEvalRequirement(List.of(ObjectClause.atLeastOne(a), ObjectClause.atLeastOne(b))));
      case COUNTING -> {
        int count = 2 + random.nextInt(MAX_COUNT - 1);
        yield new GenEvalPrompt(task, CaptionPhrases.counted(count, a.word(), a.plural()),
            new GenEvalRequirement(List.of(ObjectClause.exactly(count, a))));
      }
      case COLORS -> new GenEvalPrompt(task, CaptionPhrases.withArticle(colorA.word() + " " + a.word()),
          new GenEvalRequirement(List.of(ObjectClause.atLeastOne(colorA, a))));
      case POSITION -> {
        SpatialRelation relation = pick(random, SpatialRelation.values());
        yield new GenEvalPrompt(task,
            CaptionPhrases.withArticle(a.word()) + " " + relation.phrase() + " " + CaptionPhrases.withArticle(b.word()),
            new GenEvalRequirement(List.of(ObjectClause.atLeastOne(a), ObjectClause.atLeastOne(b)),
                Optional.of(new RelationClause(0, relation, 1))));
      }
      case COLOR_ATTRIBUTION -> new GenEvalPrompt(task,
          CaptionPhrases.withArticle(colorA.word() + " " + a.word()) + " and "
              + CaptionPhrases.withArticle(colorB.word() + " " + b.word()),
          new GenEvalRequirement(List.of(ObjectClause.atLeastOne(colorA, a), ObjectClause.atLeastOne(colorB, b))));
    };
  }

  /**
   * Up to {@code perTask} distinct prompts of every task, in task order; like GenEval's suite it drops
   * repeated prompts, so small tasks (three single-object prompts exist) come out shorter.
   */
  public static List<GenEvalPrompt> suite(int perTask, long seed) {
    if (perTask < 1) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "a GenEval suite needs >= 1 prompt per task, got " + perTask);
    }
    List<GenEvalPrompt> suite = new ArrayList<>();
    for (GenEvalTask task : GenEvalTask.values()) {
      Set<String> seen = new LinkedHashSet<>();
      // enough draws to find every distinct prompt of the small tasks
      for (long index = 0; seen.size() < perTask && index < 50L * perTask + 1000; index++) {
        GenEvalPrompt p = prompt(task, seed, index);
        if (seen.add(p.text())) {
          suite.add(p);
        }
      }
    }
    return List.copyOf(suite);
  }

  private static <T> T pick(SplitMix64 random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static <T> T other(SplitMix64 random, T[] values, T not) {
    T value;
    do {
      value = pick(random, values);
    } while (value.equals(not));
    return value;
  }
}
