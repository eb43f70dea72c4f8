package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** An affine projection with bias, weight stored as (out, in). */
public final class Dense extends NamedBlock {
  private final Parameter weight;
  private final Parameter bias;

  public Dense(int out, int in, ParameterGroup group) {
    this.weight = param("weight", group, Init.normal(Init.BASE_STD), out, in);
    this.bias = param("bias", group, Init.zeros(), out);
  }

  public NDArray apply(NDArray x) {
    return Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
