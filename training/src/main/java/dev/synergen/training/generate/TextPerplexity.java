package dev.synergen.training.generate;

import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Held-out text perplexity of the language path: each document is scored as {@code BOS text EOS}
 * (every token after BOS predicted), and perplexity is exp(total NLL / total predicted tokens), so
 * long documents weigh by their length. Comparable only between models of one text tokenizer.
 */
public final class TextPerplexity {
  /** One document's log-likelihood (natural log) and predicted-token count. */
  public record Document(String id, double logLikelihood, int tokens) {}

  /** Corpus perplexity and its parts. */
  public record Result(double perplexity, long tokens, List<Document> documents) {}

  private TextPerplexity() {}

  /** The predicted tokens of a packed text sequence: everything after BOS up to the PAD tail. */
  public static int[] continuationOfSequence(int[] tokens, VocabularyLayout v) {
    if (tokens.length < 2 || tokens[0] != v.bos()) {
      throw TrainingErrors.error(TrainingErrors.SEQUENCE_INVALID, "a text sequence starts with BOS and predicts at"
          + " least one token; got " + Arrays.toString(Arrays.copyOf(tokens, Math.min(tokens.length, 8))));
    }
    int end = tokens.length;
    while (end > 1 && tokens[end - 1] == v.pad()) {
      end--;
    }
    return Arrays.copyOfRange(tokens, 1, end);
  }

  /** The predicted tokens of a raw text: its text ids, then EOS. */
  public static int[] continuationOfText(int[] textIds, VocabularyLayout v) {
    int[] out = Arrays.copyOf(textIds, textIds.length + 1);
    out[textIds.length] = v.eos();
    return out;
  }

  /** Scores each continuation after BOS; {@code ids} name the documents in the result. */
  public static Result of(SynerGenInference inference, List<String> ids, List<int[]> continuations) {
    if (ids.size() != continuations.size()) {
      throw new IllegalArgumentException(ids.size() + " ids for " + continuations.size() + " documents");
    }
    int[] bos = {inference.vocabulary().bos()};
    List<Document> docs = new ArrayList<>();
    double nll = 0;
    long tokens = 0;
    for (int i = 0; i < ids.size(); i++) {
      CandidateScore s = inference.score(bos, List.of(continuations.get(i))).get(0);
      docs.add(new Document(ids.get(i), s.logLikelihood(), s.tokens()));
      nll -= s.logLikelihood();
      tokens += s.tokens();
    }
    return new Result(tokens == 0 ? Double.NaN : Math.exp(nll / tokens), tokens, docs);
  }
}
