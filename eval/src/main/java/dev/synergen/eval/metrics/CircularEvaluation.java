package dev.synergen.eval.metrics;

import dev.synergen.eval.EvalErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * MMBench's circular evaluation: a question with N options is asked N times, rotation k showing at
 * position i the original option (i + k) mod N; it counts as correct only if answered correctly
 * under every rotation.
 *
 * <p>Chance level: a guesser that picks uniformly and independently each time is right under one
 * rotation with probability 1/N, so under all N with (1/N)^N (1/4 for N = 2, 1/27 for N = 3,
 * 1/256 ~ 0.4% for N = 4, as MMBench reports); over a question set it is the mean of (1/N_q)^N_q.
 */
public final class CircularEvaluation {
  private CircularEvaluation() {}

  /** The options as rotation {@code k} shows them. */
  public static <T> List<T> rotate(List<T> options, int k) {
    int n = options.size();
    checkRotation(n, k);
    List<T> rotated = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rotated.add(options.get((i + k) % n));
    }
    return List.copyOf(rotated);
  }

  /** Where original option {@code index} is shown under rotation {@code k}: (index - k) mod N. */
  public static int shownIndex(int index, int optionCount, int k) {
    checkRotation(optionCount, k);
    checkIndex(index, optionCount);
    return Math.floorMod(index - k, optionCount);
  }

  /** Which original option the shown position {@code shown} of rotation {@code k} holds: (shown + k) mod N. */
  public static int originalIndex(int shown, int optionCount, int k) {
    checkRotation(optionCount, k);
    checkIndex(shown, optionCount);
    return (shown + k) % optionCount;
  }

  /**
   * Whether a question is correct under circular evaluation: {@code chosenPerRotation[k]} is the
   * position the model chose when shown rotation k, and there must be one choice per rotation.
   */
  public static boolean correct(int correctIndex, int optionCount, int[] chosenPerRotation) {
    if (chosenPerRotation.length != optionCount) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "circular evaluation of a question with " + optionCount
          + " options needs " + optionCount + " answers (one per rotation), got " + chosenPerRotation.length);
    }
    checkIndex(correctIndex, optionCount);
    for (int k = 0; k < optionCount; k++) {
      if (chosenPerRotation[k] != shownIndex(correctIndex, optionCount, k)) {
        return false;
      }
    }
    return true;
  }

  /** Accuracy over questions already judged by {@link #correct}, with its Wilson interval. */
  public static ConfidenceInterval accuracy(boolean[] correctPerQuestion) {
    long hits = 0;
    for (boolean c : correctPerQuestion) {
      hits += c ? 1 : 0;
    }
    return ConfidenceInterval.wilson(hits, correctPerQuestion.length);
  }

  /** (1/N)^N: the chance that a uniform random guesser passes all N rotations of one question. */
  public static double chanceLevel(int optionCount) {
    if (optionCount < 2) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "a multiple-choice question needs >= 2 options, got "
          + optionCount);
    }
    return Math.pow(1.0 / optionCount, optionCount);
  }

  /** The expected circular accuracy of a uniform random guesser over questions with these option counts. */
  public static double chanceLevel(int[] optionCounts) {
    if (optionCounts.length == 0) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "chance level needs >= 1 question, got 0");
    }
    double sum = 0;
    for (int n : optionCounts) {
      sum += chanceLevel(n);
    }
    return sum / optionCounts.length;
  }

  private static void checkRotation(int optionCount, int k) {
    if (optionCount < 2 || k < 0 || k >= optionCount) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "rotation must be in [0, N) for N >= 2 options, got "
          + "rotation " + k + " of " + optionCount + " options");
    }
  }

  private static void checkIndex(int index, int optionCount) {
    if (index < 0 || index >= optionCount) {
      throw EvalErrors.error(EvalErrors.EVAL_METRIC_INPUT_INVALID, "option index must be in [0, " + optionCount
          + "), got " + index);
    }
  }
}
