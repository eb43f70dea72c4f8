package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.SpatialRelation;
import java.util.List;
import java.util.Optional;

/**
 * What an image must show to pass a GenEval prompt, in the structure of GenEval's metadata: object
 * clauses (its "include", a shape being its class and a colour optional) and at most one relation
 * between two clauses (its "position").
 */
public record GenEvalRequirement(List<ObjectClause> objects, Optional<RelationClause> relation) {
  /**
   * At least {@code count} objects of this shape (and of this colour, if given); exactly
   * {@code count} when {@code exact}, which is GenEval's counting pair of include count and
   * exclude count + 1.
   */
  public record ObjectClause(ShapeKind shape, Optional<ShapeColor> color, int count, boolean exact) {
    public ObjectClause {
      if (shape == null || color == null || count < 1) {
        throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "an object clause needs a shape, an optional colour and a "
            + "count >= 1, got " + shape + " " + color + " x" + count);
      }
    }

    public static ObjectClause atLeastOne(ShapeKind shape) {
      return new ObjectClause(shape, Optional.empty(), 1, false);
    }

    public static ObjectClause atLeastOne(ShapeColor color, ShapeKind shape) {
      return new ObjectClause(shape, Optional.of(color), 1, false);
    }

    public static ObjectClause exactly(int count, ShapeKind shape) {
      return new ObjectClause(shape, Optional.empty(), count, true);
    }

    /** "red circle" or "circle": how the clause names one of its objects. */
    public String describe() {
      return color.map(c -> c.word() + " ").orElse("") + shape.word();
    }
  }

  /** An object of clause {@code subject} must be {@code relation} an object of clause {@code target}. */
  public record RelationClause(int subject, SpatialRelation relation, int target) {
    public RelationClause {
      if (relation == null || subject < 0 || target < 0 || subject == target) {
        throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "a relation needs two different clause indices and a "
            + "relation, got " + subject + " " + relation + " " + target);
      }
    }
  }

  public GenEvalRequirement {
    objects = List.copyOf(objects);
    if (objects.isEmpty() || relation == null) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "a GenEval requirement needs >= 1 object clause and an "
          + "optional relation, got " + objects + " " + relation);
    }
    if (relation.isPresent() && Math.max(relation.get().subject(), relation.get().target()) >= objects.size()) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "relation " + relation.get() + " refers to a clause beyond the "
          + objects.size() + " object clauses");
    }
  }

  public GenEvalRequirement(List<ObjectClause> objects) {
    this(objects, Optional.empty());
  }
}
