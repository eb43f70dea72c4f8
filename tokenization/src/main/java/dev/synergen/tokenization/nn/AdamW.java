package dev.synergen.tokenization.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter) and state we own, so checkpoints carry
 * the moments and a resumed run continues exactly (DJL's optimizers keep theirs private). It
 * updates only the parameters it was built with: a training stage's frozen groups are never touched
 * and carry no state. Decay applies to matrices and embeddings, not to norm gains or biases. The one
 * optimizer of the VQ tokenizer and of the SynerGen model.
 */
public final class AdamW implements Optimizer {
  private final AdamWConfig config;
  private final List<String> names = new ArrayList<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final NDManager state;
  private long steps;

  /** Optimizes {@code parameters} (in map order; their arrays must exist); moments live under {@code parent}. */
  public AdamW(Map<String, Parameter> parameters, AdamWConfig config, NDManager parent) {
    this.config = config;
    this.state = parent.newSubManager();
    parameters.forEach((name, p) -> {
      NDArray a = p.getArray();
      names.add(name);
      this.parameters.add(p);
      firstMoments.add(state.zeros(a.getShape(), a.getDataType()));
      secondMoments.add(state.zeros(a.getShape(), a.getDataType()));
    });
  }

  @Override
  public List<String> names() {
    return Collections.unmodifiableList(names);
  }

  @Override
  public List<Parameter> parameters() {
    return Collections.unmodifiableList(parameters);
  }

  @Override
  public long steps() {
    return steps;
  }

  /** The first-moment estimate m of parameter {@code i}: a live array, for saving and restoring the state. */
  public NDArray firstMoment(int i) {
    return firstMoments.get(i);
  }

  /** The second-moment estimate v of parameter {@code i}: a live array, for saving and restoring the state. */
  public NDArray secondMoment(int i) {
    return secondMoments.get(i);
  }

  /**
   * Sets the step count of a restored optimizer (its moments are restored through {@link
   * #firstMoment}/{@link #secondMoment}): bias correction and the schedule continue where they stopped.
   */
  @Override
  public void restoreSteps(long completedSteps) {
    if (completedSteps < 0) {
      throw new IllegalArgumentException("completed steps must be >= 0, got " + completedSteps);
    }
    this.steps = completedSteps;
  }

  /** One update with learning rate {@code lr} from the current gradients (parameters without one are skipped). */
  @Override
  public void step(double lr) {
    steps++;
    double b1 = config.beta1();
    double b2 = config.beta2();
    double stepSize = lr / (1 - Math.pow(b1, steps));
    double secondCorrection = Math.sqrt(1 - Math.pow(b2, steps));
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < parameters.size(); i++) {
        NDArray w = parameters.get(i).getArray();
        if (!w.hasGradient()) {
          continue;
        }
        NDArray g = w.getGradient();
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        m.muli(b1).addi(g.mul(1 - b1));
        v.muli(b2).addi(g.square().muli(1 - b2));
        if (config.weightDecay() > 0 && w.getShape().dimension() >= 2) {
          w.muli(1 - lr * config.weightDecay());
        }
        // w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
        NDArray denominator = v.sqrt().divi(secondCorrection).addi(config.eps());
        w.subi(m.div(denominator).muli(stepSize));
      }
    }
  }

  /** {@code m.<name>} and {@code v.<name>} for every parameter. */
  @Override
  public Map<String, NDArray> state() {
    Map<String, NDArray> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put("m." + names.get(i), firstMoments.get(i));
      m.put("v." + names.get(i), secondMoments.get(i));
    }
    return m;
  }

  @Override
  public void close() {
    state.close();
  }
}
