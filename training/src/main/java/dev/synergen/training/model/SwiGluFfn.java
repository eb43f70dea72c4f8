package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SwiGLU feed-forward, {@code w2(silu(w1 x) * w3 x)}, with InternLM2's names (w1 = gate, w3 = up,
 * w2 = down; Llama calls them gate_proj, up_proj, down_proj).
 */
public final class SwiGluFfn extends NamedBlock implements PositionwiseFfn {
  private final Parameter w1;
  private final Parameter w3;
  private final Parameter w2;

  public SwiGluFfn(int dim, int hidden, ParameterGroup group, int depth) {
    this.w1 = child("w1", new LinearWeight(hidden, dim, group, Init.normal(Init.BASE_STD))).weight();
    this.w3 = child("w3", new LinearWeight(hidden, dim, group, Init.normal(Init.BASE_STD))).weight();
    this.w2 = child("w2", new LinearWeight(dim, hidden, group, Init.residualOut(depth))).weight();
  }

  /** (N, d) -> (N, d); any leading shape works. */
  public NDArray apply(NDArray x) {
    NDArray gate = Linear.linear(x, w1.getArray()).singletonOrThrow();
    NDArray up = Linear.linear(x, w3.getArray()).singletonOrThrow();
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);
    return Linear.linear(act, w2.getArray()).singletonOrThrow();
  }

  @Override
  public NDArray apply(NDArray x, Routing routing) {
    return apply(x);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }
}
