package dev.synergen.tokenization.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Plain SGD with decoupled weight decay: {@code w = w (1 - lr wd) - lr g}. Its update is linear in
 * the gradient, which is what makes DiLoCo with one inner step, outer lr 1 and no momentum exactly
 * synchronous data parallelism (with AdamW inner steps it is not: Adam normalises each worker's
 * gradient before the average). Stateless apart from the step count.
 */
public final class Sgd implements Optimizer {
  private final double weightDecay;
  private final List<String> names = new ArrayList<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private long steps;

  public Sgd(Map<String, Parameter> parameters, double weightDecay) {
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }
    this.weightDecay = weightDecay;
    parameters.forEach((name, p) -> {
      names.add(name);
      this.parameters.add(p);
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

  @Override
  public void restoreSteps(long completedSteps) {
    if (completedSteps < 0) {
      throw new IllegalArgumentException("completed steps must be >= 0, got " + completedSteps);
    }
    this.steps = completedSteps;
  }

  @Override
  public void step(double lr) {
    steps++;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Parameter p : parameters) {
        NDArray w = p.getArray();
        if (!w.hasGradient()) {
          continue;
        }
        if (weightDecay > 0 && w.getShape().dimension() >= 2) {
          w.muli(1 - lr * weightDecay);
        }
        w.subi(w.getGradient().mul(lr));
      }
    }
  }

  @Override
  public Map<String, NDArray> state() {
    return Map.of();
  }

  @Override
  public void close() {}
}
