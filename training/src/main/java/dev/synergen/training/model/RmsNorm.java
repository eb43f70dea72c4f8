package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Root-mean-square layer norm with a learned gain (Llama / InternLM2). */
public final class RmsNorm extends NamedBlock {
  private static final int[] LAST = {-1};
  private final Parameter weight;
  private final float eps;

  public RmsNorm(int dim, double eps, ParameterGroup group) {
    this.weight = param("weight", group, Init.ones(), dim);
    this.eps = (float) eps;
  }

  public NDArray apply(NDArray x) {
    NDArray rms = x.square().mean(LAST, true).add(eps).sqrt();
    return x.div(rms).mul(weight.getArray());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
