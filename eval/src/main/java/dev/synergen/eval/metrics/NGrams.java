package dev.synergen.eval.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts of the 1..n-grams of a token sequence, one map per order; keys join the tokens with spaces. */
final class NGrams {
  private NGrams() {}

  /** {@code result.get(k - 1)} maps each k-gram to its count; tokens hold no whitespace, so keys are unambiguous. */
  static List<Map<String, Integer>> count(List<String> tokens, int maxN) {
    List<Map<String, Integer>> byOrder = new ArrayList<>(maxN);
    for (int k = 1; k <= maxN; k++) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i + k <= tokens.size(); i++) {
        counts.merge(String.join(" ", tokens.subList(i, i + k)), 1, Integer::sum);
      }
      byOrder.add(counts);
    }
    return byOrder;
  }
}
