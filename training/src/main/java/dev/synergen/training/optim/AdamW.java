package dev.synergen.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.SynerGenModel;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter). It updates only the parameters that
 * were trainable when it was built, so a stage's frozen groups are never touched and carry no
 * optimizer state. Decay applies to matrices and embeddings, not to norm gains or biases.
 */
public final class AdamW implements AutoCloseable {
  private final AdamWConfig config;
  private final List<ModelParameter> parameters = new ArrayList<>();
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final NDManager state;
  private long steps;

  public AdamW(SynerGenModel model, AdamWConfig config) {
    this.config = config;
    this.state = model.manager().newSubManager();
    for (ModelParameter p : model.parameters()) {
      if (p.trainable()) {
        parameters.add(p);
        firstMoments.add(state.zeros(p.shape(), p.array().getDataType()));
        secondMoments.add(state.zeros(p.shape(), p.array().getDataType()));
      }
    }
  }

  /** The parameters this optimizer updates. */
  public List<ModelParameter> parameters() {
    return parameters;
  }

  public long steps() {
    return steps;
  }

  /** The first-moment estimate m of {@code parameters().get(i)}: a live array, for saving the state. */
  public NDArray firstMoment(int i) {
    return firstMoments.get(i);
  }

  /** The second-moment estimate v of {@code parameters().get(i)}: a live array, for saving the state. */
  public NDArray secondMoment(int i) {
    return secondMoments.get(i);
  }

  /**
   * Sets the step count of a restored optimizer (its moments are restored through {@link
   * #firstMoment}/{@link #secondMoment}): bias correction and the schedule continue where they stopped.
   */
  public void restoreSteps(long completedSteps) {
    if (completedSteps < 0) {
      throw new IllegalArgumentException("completed steps must be >= 0, got " + completedSteps);
    }
    this.steps = completedSteps;
  }

  /** One update with learning rate {@code lr} from the current gradients. */
  public void step(double lr) {
    steps++;
    double b1 = config.beta1();
    double b2 = config.beta2();
    double stepSize = lr / (1 - Math.pow(b1, steps));
    double secondCorrection = Math.sqrt(1 - Math.pow(b2, steps));
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < parameters.size(); i++) {
        NDArray w = parameters.get(i).array();
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

  @Override
  public void close() {
    state.close();
  }
}
