package dev.synergen.eval.metrics;

import dev.synergen.eval.EvalErrors;
import java.util.List;

/** One candidate caption and the reference captions of the same image, as tokens. */
public record CaptionExample(List<String> candidate, List<List<String>> references) {
  public CaptionExample {
    if (candidate == null || references == null || references.isEmpty()) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "a caption example needs a candidate and >= 1 "
          + "reference, got candidate " + candidate + " and references " + references);
    }
    candidate = checked(candidate, "candidate");
    references = references.stream().map(r -> checked(r, "reference")).toList();
  }

  /** Tokenises the candidate and the references with {@link PtbTokenizer}, as coco-caption does before scoring. */
  public static CaptionExample of(String candidate, List<String> references) {
    return new CaptionExample(PtbTokenizer.tokenize(candidate),
        references.stream().map(PtbTokenizer::tokenize).toList());
  }

  private static List<String> checked(List<String> tokens, String what) {
    for (String t : tokens) {
      if (t == null || t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)) {
        throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, what + " tokens must be non-empty and hold no "
            + "whitespace, got '" + t + "' in " + tokens + "; build examples with CaptionExample.of(text, refs)");
      }
    }
    return List.copyOf(tokens);
  }
}
