package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;

/** One GenEval prompt: its task, its text in the captions' English and what its image must show. */
public record GenEvalPrompt(GenEvalTask task, String text, GenEvalRequirement requirement) {
  public GenEvalPrompt {
    if (task == null || text == null || text.isBlank() || requirement == null) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "a GenEval prompt needs a task, a text and a requirement, got "
          + task + " '" + text + "' " + requirement);
    }
  }
}
