package dev.synergen.eval.probes;

import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.metrics.SplitMix64;
import dev.synergen.tokenization.shapes.Scene;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Builds POPE's (Li et al., EMNLP 2023) balanced yes/no object probes from shapes-world ground truth.
 * For each scene: up to k present kinds (a seeded sample) are asked about with answer "yes", and
 * after each one an absent kind with answer "no", chosen by the {@link PopeSetting}:
 * <ul>
 *   <li>random: uniformly among all kinds of the world absent from the scene;</li>
 *   <li>popular: the kind present in most scenes of the whole set (ties in a seeded order);</li>
 *   <li>adversarial: the kind found in most scenes together with that positive's kind.</li>
 * </ul>
 * As in POPE's code, a kind is never asked twice about one scene, and when popular or adversarial
 * ranking has no candidate left (no scene holds it, or it never co-occurs) the negative is random.
 * A negative is never a kind present in the scene; scenes with fewer absent than present kinds get
 * fewer positives so that yes and no stay balanced.
 */
public final class PopeProbes {
  private final List<List<ObjectKind>> present = new ArrayList<>();
  private final Map<ObjectKind, Integer> frequency = new HashMap<>();
  private final Map<ObjectKind, Map<ObjectKind, Integer>> coOccurrence = new HashMap<>();

  /** Counts, over these scenes, in how many each kind appears and each pair of kinds appears together. */
  public PopeProbes(List<Scene> scenes) {
    for (Scene scene : scenes) {
      List<ObjectKind> kinds = ObjectKind.present(scene);
      present.add(kinds);
      for (ObjectKind a : kinds) {
        frequency.merge(a, 1, Integer::sum);
        for (ObjectKind b : kinds) {
          if (!a.equals(b)) {
            coOccurrence.computeIfAbsent(a, k -> new HashMap<>()).merge(b, 1, Integer::sum);
          }
        }
      }
    }
  }

  /** In how many scenes of the set a kind appears. */
  public int frequency(ObjectKind kind) {
    return frequency.getOrDefault(kind, 0);
  }

  /** In how many scenes of the set two kinds appear together. */
  public int coOccurrence(ObjectKind a, ObjectKind b) {
    return coOccurrence.getOrDefault(a, Map.of()).getOrDefault(b, 0);
  }

  /** Probes of every scene, in scene order, each positive followed by its negative; deterministic given the seed. */
  public List<PopeProbe> build(PopeSetting setting, int positivesPerScene, long seed) {
    if (positivesPerScene < 1) {
      throw EvalErrors.error(EvalErrors.EVAL_PROBE_INVALID, "POPE needs >= 1 positive per scene, got " + positivesPerScene);
    }
    List<PopeProbe> probes = new ArrayList<>();
    for (int i = 0; i < present.size(); i++) {
      probes.addAll(forScene(i, setting, positivesPerScene, SplitMix64.forItem(seed, i)));
    }
    return List.copyOf(probes);
  }

  private List<PopeProbe> forScene(int scene, PopeSetting setting, int k, SplitMix64 random) {
    List<ObjectKind> here = present.get(scene);
    List<ObjectKind> positives = new ArrayList<>(here);
    random.shuffle(positives);
    int absent = ObjectKind.all().size() - here.size();
    positives = positives.subList(0, Math.min(Math.min(k, here.size()), absent));
    // a seeded order of all kinds breaks the ties of the popular and adversarial rankings
    List<ObjectKind> tieOrder = new ArrayList<>(ObjectKind.all());
    random.shuffle(tieOrder);
    Set<ObjectKind> used = new HashSet<>(here);
    List<PopeProbe> probes = new ArrayList<>();
    for (ObjectKind positive : positives) {
      probes.add(new PopeProbe(scene, positive, true, setting));
      ObjectKind negative = switch (setting) {
        case RANDOM -> null;
        case POPULAR -> topRanked(tieOrder, used, this::frequency);
        case ADVERSARIAL -> topRanked(tieOrder, used, kind -> coOccurrence(positive, kind));
      };
      if (negative == null) {
        negative = randomAbsent(used, random);
      }
      used.add(negative);
      probes.add(new PopeProbe(scene, negative, false, setting));
    }
    return probes;
  }

  /** The unused kind of highest positive score (first in tie order among equals), or null if none scores > 0. */
  private static ObjectKind topRanked(List<ObjectKind> tieOrder, Set<ObjectKind> used,
      ToIntFunction<ObjectKind> score) {
    ObjectKind best = null;
    int bestScore = 0;
    for (ObjectKind kind : tieOrder) {
      int s = score.applyAsInt(kind);
      if (s > bestScore && !used.contains(kind)) {
        best = kind;
        bestScore = s;
      }
    }
    return best;
  }

  private static ObjectKind randomAbsent(Set<ObjectKind> used, SplitMix64 random) {
    List<ObjectKind> candidates = ObjectKind.all().stream().filter(kind -> !used.contains(kind)).toList();
    return candidates.get(random.nextInt(candidates.size()));
  }
}
