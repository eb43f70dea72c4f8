package dev.synergen.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CiderDTest {
  private static final double EPS = 1e-9;
  private static final double L = Math.log(2); // idf of an n-gram in the references of 1 of 2 images (or of none)

  private static CaptionExample example(String candidate, String... references) {
    return CaptionExample.of(candidate, List.of(references));
  }

  @Test
  void twoImageWorkedExample() {
    // References: image 1 "a red circle", image 2 "a blue square"; N = 2 images, so idf = log 2 - log(max(1, df)).
    // "a" is in both images' references: idf 0. Every other n-gram: idf log 2 = L (df 1, or df 0 -> max(1, 0) = 1).
    //
    // Image 1, candidate = its reference: for n = 1..3 the clipped dot product equals both squared norms -> cos 1;
    // n = 4: a 3-word caption has no 4-grams, norms 0, similarity 0. Same bigram count, penalty 1.
    //   score = 10 * (1 + 1 + 1 + 0) / 4 = 7.5
    // Image 2, candidate "a blue circle" against "a blue square":
    //   n=1: cand {a:0, blue:L, circle:L}, ref {a:0, blue:L, square:L}: dot L^2 / (sqrt2 L * sqrt2 L) = 1/2
    //   n=2: cand {"a blue":L, "blue circle":L}, ref {"a blue":L, "blue square":L}: 1/2
    //   n=3: "a blue circle" vs "a blue square": 0;  n=4: 0
    //   score = 10 * (1/2 + 1/2 + 0 + 0) / 4 = 2.5
    CiderD.Scores scores = CiderD.score(List.of(
        example("a red circle", "a red circle"),
        example("a blue circle", "a blue square")));
    assertEquals(7.5, scores.perSample().get(0), EPS);
    assertEquals(2.5, scores.perSample().get(1), EPS);
    assertEquals(5.0, scores.corpus(), EPS, "corpus score is the mean of per-sample scores");
  }

  @Test
  void clipsRepeatedNGramsAndPenalisesLength() {
    // References: "red circle" (image 1), "blue square" (image 2): every n-gram has idf L.
    // Candidate 1 "red red circle":
    //   n=1: cand {red:2L, circle:L} |c| = sqrt5 L; ref {red:L, circle:L} |r| = sqrt2 L
    //        clipped dot = min(2L, L)*L + min(L, L)*L = 2L^2 -> 2/sqrt10 (unclipped would be 3/sqrt10)
    //   n=2: cand {"red red":L, "red circle":L} |c| = sqrt2 L; ref {"red circle":L} |r| = L
    //        dot L^2 -> L^2 / (sqrt2 L^2) = 1/sqrt2
    //   n=3: the reference has no trigram -> 0;  n=4: 0
    //   length = bigrams: 2 vs 1, delta 1 -> penalty exp(-1 / (2 * 36))
    double expected = 10 * (2 / Math.sqrt(10) + 1 / Math.sqrt(2)) * Math.exp(-1.0 / 72) / 4;
    CiderD.Scores scores = CiderD.score(List.of(
        example("red red circle", "red circle"),
        example("blue square", "blue square")));
    assertEquals(expected, scores.perSample().get(0), EPS);
    assertEquals(3.302715, scores.perSample().get(0), 1e-6);
  }

  @Test
  void averagesOverReferences() {
    // Image 1 references "a red circle", "a circle"; image 2 "a blue square". df: a 2 (idf 0), all else 1 (idf L).
    // Candidate "a circle" against "a red circle": n=1 {a:0, circle:L} . {a:0, red:L, circle:L} = L^2 / (L * sqrt2 L)
    //   = 1/sqrt2; n=2 {"a circle"} vs {"a red", "red circle"}: 0; n=3, 4: 0; bigrams 1 vs 2 -> penalty exp(-1/72)
    // against "a circle": identical, n=1 and n=2 give 1, n=3 and n=4 give 0, no penalty.
    // score = 10 * (1/sqrt2 * exp(-1/72) + 1 + 1) / 4 orders / 2 references
    double expected = 10 * (Math.exp(-1.0 / 72) / Math.sqrt(2) + 2) / 4 / 2;
    CiderD.Scores scores = CiderD.score(List.of(
        example("a circle", "a red circle", "a circle"),
        example("a blue square", "a blue square")));
    assertEquals(expected, scores.perSample().get(0), EPS);
  }

  @Test
  void anOracleScoresAtTheTop() {
    List<String> captions = List.of(
        "a red circle to the left of a blue square",
        "two green triangles and a small yellow circle",
        "a purple square above a black triangle",
        "three blue circles and a red square",
        "a large green square below a small red circle");
    List<CaptionExample> oracle = new ArrayList<>();
    for (String c : captions) {
      oracle.add(example(c, c));
    }
    CiderD.Scores best = CiderD.score(oracle);
    for (int i = 0; i < captions.size(); i++) {
      // every order has an n-gram seen in no other image: cosine 1 for n = 1..4, no penalty
      assertEquals(10.0, best.perSample().get(i), EPS, "oracle of image " + i);
      for (String other : candidatesOtherThan(captions.get(i), captions)) {
        List<CaptionExample> changed = new ArrayList<>(oracle);
        changed.set(i, example(other, captions.get(i)));
        double score = CiderD.score(changed).perSample().get(i);
        assertTrue(score < 10.0, "'" + other + "' scored " + score + " against '" + captions.get(i) + "'");
      }
    }
  }

  private static List<String> candidatesOtherThan(String caption, List<String> captions) {
    List<String> others = new ArrayList<>(captions.stream().filter(c -> !c.equals(caption)).toList());
    String[] words = caption.split(" ");
    others.add(String.join(" ", List.of(words).subList(1, words.length))); // drop the first word
    others.add(caption + " " + words[words.length - 1]); // repeat the last word
    List<String> reversed = new ArrayList<>(List.of(words));
    java.util.Collections.reverse(reversed);
    others.add(String.join(" ", reversed));
    return others;
  }

  @Test
  void tokenisesLikeCocoBeforeScoring() {
    // "A red circle." and "a red circle" are the same tokens once lower-cased and stripped of punctuation
    CiderD.Scores punctuated = CiderD.score(List.of(
        example("A Red circle.", "a red circle"), example("a blue square", "a blue square")));
    assertEquals(7.5, punctuated.perSample().get(0), EPS);
  }

  @Test
  void aSingleImageCorpusScoresZeroAsInTheReference() {
    // N = 1: idf = log 1 - log(max(1, df)) = 0 for every n-gram
    assertEquals(0.0, CiderD.score(List.of(example("a red circle", "a red circle"))).corpus(), 0.0);
  }

  @Test
  void anEmptyCandidateScoresZero() {
    CiderD.Scores scores = CiderD.score(List.of(
        example("", "a red circle"), example("a blue square", "a blue square")));
    assertEquals(0.0, scores.perSample().get(0), 0.0);
  }

  @Test
  void rejectsAnEmptyCorpusAndMissingReferences() {
    PipelineException empty = assertThrows(PipelineException.class, () -> CiderD.score(List.of()));
    assertEquals(EvalErrors.EVAL_METRIC_INPUT_INVALID.code(), empty.errorClass());
    PipelineException noRefs = assertThrows(PipelineException.class, () -> example("a red circle"));
    assertEquals(EvalErrors.EVAL_METRIC_INPUT_INVALID.code(), noRefs.errorClass());
  }
}
