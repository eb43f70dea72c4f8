package dev.synergen.training.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores candidate answers by log-likelihood given a prefix (multiple-choice and yes/no
 * benchmarks): each prefix runs once, and its candidates continue from its cached keys and values.
 */
public final class AnswerScorer {
  private final SynerGenModel model;
  private final VocabularyLayout vocab;

  public AnswerScorer(SynerGenModel model) {
    this.model = model;
    this.vocab = model.config().vocabulary();
  }

  /**
   * {@code prefix} in the unified id space (it may hold images), each candidate of text or special
   * ids (for example an answer followed by EOS).
   */
  public List<CandidateScore> score(int[] prefix, List<int[]> candidates) {
    return scoreEach(List.of(prefix), List.of(candidates)).get(0);
  }

  /**
   * Every prefix's own candidates: element {@code i} scores {@code candidates.get(i)} after prefix
   * {@code i}. The prefixes run as one left-padded batch, then every prefix's cache branches into one
   * stream per candidate, so a prefix of an image and a question is computed once for all its answers
   * instead of once per answer; the scores equal those of full {@code prefix + candidate} rows up to
   * floating-point rounding. Prefixes with fewer candidates than the most any has fill their spare
   * streams with their last candidate, whose extra scores are dropped.
   */
  public List<List<CandidateScore>> scoreEach(List<int[]> prefixes, List<List<int[]>> candidates) {
    if (prefixes.isEmpty() || prefixes.size() != candidates.size() || prefixes.stream().anyMatch(p -> p.length == 0)
        || candidates.stream().anyMatch(List::isEmpty)) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "scoring needs non-empty prefixes, each with at"
          + " least one candidate; got " + prefixes.stream().map(p -> p.length + " ids").toList() + " as prefixes and "
          + candidates.stream().map(List::size).toList() + " candidates");
    }
    int perPrefix = 0;
    int longest = 0;
    for (List<int[]> own : candidates) {
      perPrefix = Math.max(perPrefix, own.size());
      for (int c = 0; c < own.size(); c++) {
        int[] cand = own.get(c);
        if (cand.length == 0) {
          throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "candidate " + c + " is empty");
        }
        for (int j = 0; j < cand.length; j++) {
          if (cand[j] < 0 || cand[j] >= vocab.textAndSpecialSize()) {
            throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "candidate " + c + " position " + j
                + ": id " + cand[j] + " is not a text or special id in [0, " + vocab.textAndSpecialSize() + ")");
          }
        }
        longest = Math.max(longest, cand.length);
      }
    }
    // stream s = prefix * perPrefix + candidate
    int streams = prefixes.size() * perPrefix;
    int[][] streamIds = new int[streams][];
    for (int s = 0; s < streams; s++) {
      List<int[]> own = candidates.get(s / perPrefix);
      streamIds[s] = own.get(Math.min(s % perPrefix, own.size() - 1));
    }
    double[] sums = new double[streams];
    try (DecodeSession session = new DecodeSession(model);
        NDManager scope = model.newScope()) {
      NDArray last = DecodeSession.last(session.prefill(scope, SequenceBatch.prompts(model.config(), prefixes,
          SequenceBatch.Padding.LEFT)));
      // the first id of every candidate is predicted from its prefix's last position: (P, V) -> (P, C)
      long[] firsts = new long[streams];
      for (int s = 0; s < streams; s++) {
        firsts[s] = streamIds[s][0];
      }
      float[] first = logProbs(scope, model.lmLogits(last), firsts, new Shape(prefixes.size(), perPrefix));
      for (int s = 0; s < streams; s++) {
        sums[s] = first[s];
      }
      if (longest > 1) {
        session.branch(perPrefix);
        int length = longest - 1;
        // each stream reads its ids but the last and predicts its ids but the first
        long[] inputs = new long[streams * length];
        long[] targets = new long[streams * length];
        for (int s = 0; s < streams; s++) {
          int[] cand = streamIds[s];
          for (int j = 0; j < length; j++) {
            inputs[s * length + j] = j + 1 < cand.length ? cand[j] : vocab.eos();
            targets[s * length + j] = j + 1 < cand.length ? cand[j + 1] : 0;
          }
        }
        NDArray hidden = session.stepTexts(scope, inputs, length);
        float[] rest = logProbs(scope, model.lmLogits(hidden), targets, new Shape(streams, length, 1));
        for (int s = 0; s < streams; s++) {
          for (int j = 0; j + 1 < streamIds[s].length; j++) {
            sums[s] += rest[s * length + j];
          }
        }
      }
    }
    List<List<CandidateScore>> all = new ArrayList<>();
    for (int p = 0; p < prefixes.size(); p++) {
      List<CandidateScore> scores = new ArrayList<>();
      for (int c = 0; c < candidates.get(p).size(); c++) {
        scores.add(new CandidateScore(sums[p * perPrefix + c], candidates.get(p).get(c).length));
      }
      all.add(scores);
    }
    return all;
  }

  /** log p of {@code ids} (shaped {@code shape}, gathered along the last axis) under logits (..., V). */
  private static float[] logProbs(NDManager scope, NDArray logits, long[] ids, Shape shape) {
    NDArray index = scope.create(ids, shape);
    return logits.logSoftmax(-1).gather(index, shape.dimension() - 1).toType(DataType.FLOAT32, false).toFloatArray();
  }
}
