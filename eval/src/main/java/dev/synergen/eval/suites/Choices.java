package dev.synergen.eval.suites;

import dev.synergen.training.generate.CandidateScore;
import dev.synergen.training.generate.SynerGenPipeline;
import java.util.List;

/** Answering by likelihood: the candidate whose tokens (and EOS) the model finds most likely per token. */
final class Choices {
  private Choices() {}

  /** The index of the best candidate after {@code BOS [image] prompt}, by mean log-likelihood per token. */
  static int best(SynerGenPipeline pipeline, int[] imageCodes, String prompt, List<String> candidates) {
    List<CandidateScore> scores = pipeline.score(imageCodes, prompt, candidates);
    int best = 0;
    for (int i = 1; i < scores.size(); i++) {
      if (scores.get(i).meanLogLikelihood() > scores.get(best).meanLogLikelihood()) {
        best = i;
      }
    }
    return best;
  }

  /** Mean log-likelihood per token of each candidate. */
  static double[] scores(SynerGenPipeline pipeline, int[] imageCodes, String prompt, List<String> candidates) {
    return pipeline.score(imageCodes, prompt, candidates).stream().mapToDouble(CandidateScore::meanLogLikelihood)
        .toArray();
  }
}
