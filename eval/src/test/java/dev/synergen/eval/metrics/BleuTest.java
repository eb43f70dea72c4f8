package dev.synergen.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
  private static final double EPS = 1e-7;

  private static CaptionExample example(String candidate, String... references) {
    return CaptionExample.of(candidate, List.of(references));
  }

  // Sample 1: 7 candidate words, references of 7 and 3 words.
  //   1-grams: a:2 red circle and blue square; max reference counts a:2 red:1 circle:1 and:1 square:1 -> 6 of 7
  //   2-grams: "a red" "red circle" "circle and" "and a" match, "a blue" "blue square" do not -> 4 of 6
  //   3-grams: "a red circle" "red circle and" "circle and a" match -> 3 of 5
  //   4-grams: "a red circle and" "red circle and a" match -> 2 of 4
  //   closest reference length 7 = candidate length: no brevity penalty.
  // Sample 2: "a square" against "a blue square" and "two blue squares" (3 words each, both 1 away: 3).
  //   1-grams 2 of 2, 2-grams 0 of 1, 3- and 4-grams 0 of 0; brevity penalty exp(1 - 3/2).
  private static final List<CaptionExample> CORPUS = List.of(
      example("a red circle and a blue square", "a red circle and a green square", "a red circle"),
      example("a square", "a blue square", "two blue squares"));

  @Test
  void perSampleScoresByHand() {
    Bleu.Scores scores = Bleu.score(CORPUS);
    assertEquals(6.0 / 7, scores.perSample(1)[0], EPS);
    assertEquals(Math.sqrt(6.0 / 7 * 4 / 6), scores.perSample(2)[0], EPS);
    assertEquals(Math.cbrt(6.0 / 7 * 4 / 6 * 3 / 5), scores.perSample(3)[0], EPS);
    assertEquals(Math.pow(6.0 / 7 * 4 / 6 * 3 / 5 * 2 / 4, 0.25), scores.perSample(4)[0], EPS);

    double brevity = Math.exp(1 - 3.0 / 2);
    assertEquals(1.0 * brevity, scores.perSample(1)[1], EPS);
    // no bigram matches: coco-caption's guard (0 + 1e-15) / (1 + 1e-9) keeps BLEU-2 at ~sqrt(1e-15), not 0
    assertEquals(Math.sqrt(1e-15 / (1 + 1e-9)) * brevity, scores.perSample(2)[1], 1e-15);
    // a 2-word candidate has no trigrams: (0 + 1e-15) / (0 + 1e-9) = 1e-6 enters the product
    assertEquals(Math.cbrt(1e-15 / (1 + 1e-9) * 1e-6) * brevity, scores.perSample(3)[1], 1e-15);
  }

  @Test
  void corpusScoresPoolCountsBeforeDividing() {
    // matches 6+2, 4+0, 3+0, 2+0 of 7+2, 6+1, 5+0, 4+0 n-grams; lengths 9 against 7 + 3 = 10 -> BP exp(1 - 10/9)
    Bleu.Scores scores = Bleu.score(CORPUS);
    double brevity = Math.exp(1 - 10.0 / 9);
    assertEquals(8.0 / 9 * brevity, scores.corpus(1), EPS);
    assertEquals(Math.sqrt(8.0 / 9 * 4 / 7) * brevity, scores.corpus(2), EPS);
    assertEquals(Math.cbrt(8.0 / 9 * 4 / 7 * 3 / 5) * brevity, scores.corpus(3), EPS);
    assertEquals(Math.pow(8.0 / 9 * 4 / 7 * 3 / 5 * 2 / 4, 0.25) * brevity, scores.corpus(4), EPS);
  }

  @Test
  void clipsCandidateCountsByTheReference() {
    // "a a a a" against "a red circle": "a" counts at most once -> BLEU-1 = 1/4 (4 words >= 3: no penalty)
    assertEquals(0.25, Bleu.score(List.of(example("a a a a", "a red circle"))).corpus(1), EPS);
  }

  @Test
  void anOracleScoresOne() {
    Bleu.Scores scores = Bleu.score(List.of(
        example("a red circle to the left of a blue square", "a red circle to the left of a blue square", "a circle"),
        example("two green triangles", "a square", "two green triangles")));
    for (int n = 1; n <= 4; n++) {
      assertEquals(1.0, scores.corpus(n), 1e-6, "corpus BLEU-" + n);
    }
    assertEquals(1.0, scores.perSample(4)[0], 1e-6);
  }

  @Test
  void closestReferenceLengthPrefersTheShorterOnATie() {
    List<List<String>> refs = List.of(List.of("a", "b", "c", "d", "e"), List.of("a", "b", "c"));
    assertEquals(3, Bleu.closestReferenceLength(refs, 4));
    assertEquals(5, Bleu.closestReferenceLength(refs, 5));
    assertEquals(3, Bleu.closestReferenceLength(refs, 1));
  }

  @Test
  void rejectsAnEmptyCorpus() {
    PipelineException e = assertThrows(PipelineException.class, () -> Bleu.score(List.of()));
    assertEquals(EvalErrors.EVAL_METRIC_INPUT_INVALID.code(), e.errorClass());
  }
}
