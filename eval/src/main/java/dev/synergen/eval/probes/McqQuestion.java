package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.metrics.CircularEvaluation;
import java.util.HashSet;
import java.util.List;

/** A multiple-choice question about one scene: its text, the option texts and the index of the correct one. */
public record McqQuestion(Type type, String question, List<String> options, int correctIndex) {
  /** What the question asks about. */
  public enum Type { COLOUR, SHAPE, COUNT, POSITION }

  public McqQuestion {
    if (type == null || question == null || question.isBlank() || options == null) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "a question needs a type, a text and options, got " + type
          + " '" + question + "' " + options);
    }
    options = List.copyOf(options);
    if (options.size() < 2 || new HashSet<>(options).size() != options.size()) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "question '" + question + "' needs >= 2 distinct options, got "
          + options);
    }
    if (correctIndex < 0 || correctIndex >= options.size()) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "question '" + question + "' has " + options.size()
          + " options, so its correct index must be in [0, " + options.size() + "), got " + correctIndex);
    }
  }

  public String answer() {
    return options.get(correctIndex);
  }

  /** The question as rotation {@code k} of circular evaluation asks it (see {@link CircularEvaluation}). */
  public McqQuestion rotated(int k) {
    return new McqQuestion(type, question, CircularEvaluation.rotate(options, k),
        CircularEvaluation.shownIndex(correctIndex, options.size(), k));
  }
}
