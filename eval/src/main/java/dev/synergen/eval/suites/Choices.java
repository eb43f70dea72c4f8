package dev.synergen.eval.suites;

import dev.synergen.eval.metrics.CircularEvaluation;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.training.generate.CandidateScore;
import dev.synergen.training.generate.SynerGenPipeline;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answering by likelihood: the candidate whose tokens (and EOS) the model finds most likely per token.
 * A candidate continues the question after a space, as lm-evaluation-harness scores options (its
 * target delimiter): with a BPE tokenizer " red" is the piece of running text, "red" another one.
 */
final class Choices {
  static final String DELIMITER = " ";

  private Choices() {}

  /** The candidates as the model is asked to continue the question with them. */
  static List<String> continuations(List<String> candidates) {
    return candidates.stream().map(c -> DELIMITER + c).toList();
  }

  /**
   * The candidates (as {@link #continuations}) {@code text} cannot spell (a piece falls back to the unknown token), or two that
   * encode alike, as a reason to name; null when every candidate has distinct, exact ids. Ranking
   * candidates that share their ids (a compact caption remap turns "yes" and "no" alike into UNK)
   * only measures the tie-break, so such questions are not scored.
   */
  static String unanswerable(TextCodec text, List<String> options) {
    List<String> candidates = continuations(options);
    List<String> unknown = candidates.stream().filter(c -> !text.covers(c)).toList();
    if (!unknown.isEmpty()) {
      return "the text tokenizer " + text.version() + " cannot spell " + unknown.stream().map(c -> "'" + c + "'")
          .collect(Collectors.joining(", ")) + " (unknown-token pieces)";
    }
    Set<String> seen = new HashSet<>();
    for (String c : candidates) {
      if (!seen.add(Arrays.toString(text.encode(c)))) {
        return "the text tokenizer " + text.version() + " encodes '" + c + "' like another candidate";
      }
    }
    return null;
  }

  /**
   * The shown position of the best option under rotation {@code k}, from the options' scores in
   * their original order; a tie goes to the earlier shown position.
   */
  static int bestShown(double[] originalScores, int k) {
    int n = originalScores.length;
    int best = 0;
    for (int shown = 1; shown < n; shown++) {
      if (originalScores[CircularEvaluation.originalIndex(shown, n, k)]
          > originalScores[CircularEvaluation.originalIndex(best, n, k)]) {
        best = shown;
      }
    }
    return best;
  }

  /**
   * Mean log-likelihood per token of each prompt's own candidates, all prompts in one batch: prompt
   * {@code i} is about image {@code imageCodes.get(i)} and element {@code i} scores {@code candidates.get(i)}.
   */
  static List<double[]> scores(SynerGenPipeline pipeline, List<int[]> imageCodes, List<String> prompts,
      List<List<String>> candidates) {
    return pipeline.score(imageCodes, prompts, candidates.stream().map(Choices::continuations).toList()).stream()
        .map(s -> s.stream().mapToDouble(CandidateScore::meanLogLikelihood).toArray())
        .toList();
  }
}
