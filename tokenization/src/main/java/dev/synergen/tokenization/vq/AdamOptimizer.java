package dev.synergen.tokenization.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.synergen.core.io.SafetensorsTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with state we own, so a checkpoint carries the moments and resumes exactly (DJL's
 * optimizers keep theirs private). Also zeroes the gradients after each update, which DJL 0.36's
 * PyTorch gradient collector does not do.
 */
final class AdamOptimizer {
  private final Map<String, Parameter> parameters;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();

  /** Optimizes the given parameters, whose arrays must require gradients. */
  AdamOptimizer(Map<String, Parameter> parameters, NDManager manager) {
    this.parameters = parameters;
    parameters.forEach((name, p) -> {
      firstMoments.put(name, manager.zeros(p.getArray().getShape()));
      secondMoments.put(name, manager.zeros(p.getArray().getShape()));
    });
  }

  /**
   * Applies one update with the current gradients at 1-based {@code step}; gradients are first
   * scaled to a global norm of at most {@code clipNorm} (when > 0). Returns the norm before clipping.
   * Call it inside an NDScope: the temporaries it makes are not closed here.
   */
  float update(int step, VqTrainingConfig training, float learningRate) {
    List<NDArray> gradients = new ArrayList<>();
    parameters.values().forEach(p -> gradients.add(p.getArray().getGradient()));
    NDArray squares = null;
    for (NDArray g : gradients) {
      NDArray s = g.square().sum();
      squares = squares == null ? s : squares.addi(s);
    }
    float norm = (float) Math.sqrt(squares.getFloat());
    float scale = training.gradientClipNorm() > 0 && norm > training.gradientClipNorm()
        ? training.gradientClipNorm() / norm : 1f;
    float b1 = training.beta1();
    float b2 = training.beta2();
    double correction1 = 1 - Math.pow(b1, step);
    double correction2 = 1 - Math.pow(b2, step);
    float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
    float epsilon = (float) (training.epsilon() * Math.sqrt(correction2));
    int i = 0;
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray g = gradients.get(i++);
      NDArray m = firstMoments.get(e.getKey());
      NDArray v = secondMoments.get(e.getKey());
      NDArray scaled = scale == 1f ? g : g.mul(scale);
      m.muli(b1).addi(scaled.mul(1 - b1));
      v.muli(b2).addi(scaled.square().muli(1 - b2));
      e.getValue().getArray().subi(m.div(v.sqrt().addi(epsilon)).muli(stepSize));
      g.subi(g);
    }
    return norm;
  }

  List<SafetensorsTensor> toTensors() {
    List<SafetensorsTensor> out = new ArrayList<>();
    firstMoments.forEach((name, m) -> out.add(BlockParameters.toTensor("m." + name, m)));
    secondMoments.forEach((name, v) -> out.add(BlockParameters.toTensor("v." + name, v)));
    return out;
  }

  void load(Map<String, SafetensorsTensor> tensors, String what) {
    if (tensors.size() != 2 * parameters.size()) {
      throw VqErrors.checkpoint(what + " holds " + tensors.size() + " tensors, expected " + 2 * parameters.size()
          + " (first and second moments of " + parameters.size() + " parameters)");
    }
    firstMoments.forEach((name, m) -> BlockParameters.copyInto(m, require(tensors, "m." + name, what), what));
    secondMoments.forEach((name, v) -> BlockParameters.copyInto(v, require(tensors, "v." + name, what), what));
  }

  private static SafetensorsTensor require(Map<String, SafetensorsTensor> tensors, String name, String what) {
    SafetensorsTensor t = tensors.get(name);
    if (t == null) {
      throw VqErrors.checkpoint(what + " has no tensor '" + name + "'; it belongs to a different model");
    }
    return t;
  }
}
