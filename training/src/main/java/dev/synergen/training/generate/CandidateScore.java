package dev.synergen.training.generate;

/** Log-likelihood of one candidate answer given a prefix: sum over its tokens, and the token count. */
public record CandidateScore(double logLikelihood, int tokens) {
  /** Per-token average, for length-normalised comparisons. */
  public double meanLogLikelihood() {
    return logLikelihood / tokens;
  }
}
