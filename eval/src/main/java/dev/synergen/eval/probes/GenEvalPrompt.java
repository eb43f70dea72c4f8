package dev.synergen.eval.probes;

import dev.synergen.core.PipelineException;

/** One GenEval prompt: its task, its text in the captions' English and what its image must show. */
public record GenEvalPrompt(GenEvalTask task, String text, GenEvalRequirement requirement) {
  public GenEvalPrompt {
    if (task == null || text == null || text.isBlank() || requirement == null) {
      throw new PipelineException(ProbeErrors.INVALID, "a GenEval prompt needs a task, a text and a requirement, got "
          + task + " '" + text + "' " + requirement);
    }
  }
}
