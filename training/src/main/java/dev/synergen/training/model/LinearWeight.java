package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A bias-free projection stored as (out, in) like PyTorch, so its key ends in {@code .weight}. */
public final class LinearWeight extends NamedBlock {
  private final Parameter weight;

  public LinearWeight(int out, int in, ParameterGroup group, Init init) {
    this.weight = param("weight", group, init, out, in);
  }

  public Parameter weight() {
    return weight;
  }

  public NDArray apply(NDArray x) {
    return Linear.linear(x, weight.getArray()).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {in.slice(0, in.dimension() - 1).add(weight.getShape().get(0))};
  }
}
