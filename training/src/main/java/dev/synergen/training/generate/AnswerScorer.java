package dev.synergen.training.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores candidate answers by log-likelihood given a prefix (multiple-choice and yes/no
 * benchmarks): all candidates of a question run as one batch of {@code prefix + candidate} rows.
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
    return scoreEach(List.of(prefix), candidates).get(0);
  }

  /**
   * Every candidate after every prefix, all in one batch: the scores of prefix {@code i} are element
   * {@code i}. One forward pass of {@code prefixes x candidates} short rows costs little more than
   * one of a single prefix's rows, which is what makes several questions about one image cheap.
   */
  public List<List<CandidateScore>> scoreEach(List<int[]> prefixes, List<int[]> candidates) {
    if (prefixes.isEmpty() || candidates.isEmpty() || prefixes.stream().anyMatch(p -> p.length == 0)) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "scoring needs non-empty prefixes and at least one"
          + " candidate; got " + prefixes.stream().map(p -> p.length + " ids").toList() + " as prefixes and "
          + candidates.size() + " candidates");
    }
    List<int[]> rows = new ArrayList<>();
    List<boolean[]> masks = new ArrayList<>();
    for (int[] prefix : prefixes) {
      for (int c = 0; c < candidates.size(); c++) {
        int[] cand = candidates.get(c);
        if (cand.length == 0) {
          throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "candidate " + c + " is empty");
        }
        int[] row = new int[prefix.length + cand.length];
        boolean[] mask = new boolean[row.length];
        System.arraycopy(prefix, 0, row, 0, prefix.length);
        for (int j = 0; j < cand.length; j++) {
          if (cand[j] < 0 || cand[j] >= vocab.textAndSpecialSize()) {
            throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "candidate " + c + " position " + j + ": id "
                + cand[j] + " is not a text or special id in [0, " + vocab.textAndSpecialSize() + ")");
          }
          row[prefix.length + j] = cand[j];
          mask[prefix.length + j] = true;
        }
        rows.add(row);
        masks.add(mask);
      }
    }
    SequenceBatch batch = SequenceBatch.of(model.config(), vocab, rows, masks);
    float[] logProbs;
    try (NDManager scope = model.newScope()) {
      NDArray h = model.hidden(scope, batch, null);
      NDArray flat = h.reshape((long) batch.batchSize() * batch.length(), model.config().hidden());
      logProbs = model.textTargetLogProbs(scope, flat, batch).toType(DataType.FLOAT32, false).toFloatArray();
    }
    // targets are laid out row by row, position by position
    List<List<CandidateScore>> all = new ArrayList<>();
    int at = 0;
    for (int p = 0; p < prefixes.size(); p++) {
      List<CandidateScore> scores = new ArrayList<>();
      for (int[] cand : candidates) {
        double sum = 0;
        for (int j = 0; j < cand.length; j++) {
          sum += logProbs[at++];
        }
        scores.add(new CandidateScore(sum, cand.length));
      }
      all.add(scores);
    }
    return all;
  }
}
