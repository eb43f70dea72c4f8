package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.tokenization.shapes.PresenceQuestion;

/** One POPE yes/no probe: does scene {@code scene} (an index into the probed list) hold an object of this kind. */
public record PopeProbe(int scene, ObjectKind object, boolean present, PopeSetting setting) {
  public PopeProbe {
    if (scene < 0 || object == null || setting == null) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "a POPE probe needs a scene index >= 0, an object and a "
          + "setting, got scene " + scene + ", object " + object + ", setting " + setting);
    }
  }

  /** POPE's template in the captions' English, as the shapes world's VQA samples ask it: "Is there a red circle in the image?". */
  public String question() {
    return PresenceQuestion.ask(object.color(), object.shape());
  }

  /** The expected answer, "yes" or "no". */
  public String answer() {
    return present ? "yes" : "no";
  }
}
