package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.probes.GenEvalRequirement.ObjectClause;
import dev.synergen.eval.probes.GenEvalRequirement.RelationClause;
import dev.synergen.tokenization.shapes.DetectedObject;
import dev.synergen.tokenization.shapes.ShapesDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a generated image passes a GenEval prompt from its {@link ShapesDetector}
 * detections, by GenEval's rules: every object clause must be met (at least its count of its shape,
 * of its colour if it names one; exactly its count for counting), and a relation must hold between
 * the two clauses' objects by the world's {@code SpatialRelation} on bounding boxes.
 *
 * <p>GenEval checks colour and position only on its detector's most confident object of a class;
 * our detector has no confidence and reads colours exactly, so here any object of the shape with the
 * colour, and any pair of the two clauses' objects in the relation, will do.
 */
public final class GenEvalJudge {
  /** Pass or fail, and GenEval-style reasons for a failure (empty on a pass). */
  public record Verdict(boolean correct, List<String> reasons) {
    public Verdict {
      reasons = List.copyOf(reasons);
    }
  }

  private GenEvalJudge() {}

  public static Verdict judge(GenEvalRequirement requirement, List<DetectedObject> detections) {
    if (requirement == null || detections == null) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "judging needs a requirement and detections, got "
          + requirement + " and " + detections);
    }
    List<String> reasons = new ArrayList<>();
    List<List<DetectedObject>> matched = new ArrayList<>();
    for (ObjectClause clause : requirement.objects()) {
      List<DetectedObject> matching = detections.stream().filter(d -> matches(clause, d)).toList();
      matched.add(matching);
      if (matching.size() < clause.count()) {
        reasons.add("expected " + clause.describe() + ">=" + clause.count() + ", found " + matching.size()
            + foundOtherColours(clause, detections));
      } else if (clause.exact() && matching.size() > clause.count()) {
        reasons.add("expected " + clause.describe() + "<" + (clause.count() + 1) + ", found " + matching.size());
      }
    }
    requirement.relation().ifPresent(r -> checkRelation(requirement, r, matched, reasons));
    return new Verdict(reasons.isEmpty(), reasons);
  }

  private static boolean matches(ObjectClause clause, DetectedObject d) {
    return d.shape() == clause.shape() && clause.color().map(c -> c == d.color()).orElse(true);
  }

  // GenEval lists the colours it did find for the class when the colour check fails
  private static String foundOtherColours(ObjectClause clause, List<DetectedObject> detections) {
    if (clause.color().isEmpty()) {
      return "";
    }
    List<String> others = detections.stream().filter(d -> d.shape() == clause.shape())
        .map(d -> d.color().word() + " " + d.shape().word()).toList();
    return others.isEmpty() ? "" : " (found " + String.join(", ", others) + ")";
  }

  private static void checkRelation(GenEvalRequirement requirement, RelationClause r,
      List<List<DetectedObject>> matched, List<String> reasons) {
    String subject = requirement.objects().get(r.subject()).describe();
    String target = requirement.objects().get(r.target()).describe();
    if (matched.get(r.subject()).isEmpty() || matched.get(r.target()).isEmpty()) {
      reasons.add("no " + subject + " and " + target + " pair to be " + r.relation().phrase() + " each other");
      return;
    }
    for (DetectedObject a : matched.get(r.subject())) {
      for (DetectedObject b : matched.get(r.target())) {
        if (r.relation().holds(a.bbox(), b.bbox())) {
          return;
        }
      }
    }
    reasons.add("expected " + subject + " " + r.relation().phrase() + " " + target + ", found no such pair");
  }
}
