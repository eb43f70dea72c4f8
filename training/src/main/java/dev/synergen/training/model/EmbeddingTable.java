package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;

/** A (rows, dim) lookup table; key {@code <name>.weight}. */
public final class EmbeddingTable extends NamedBlock {
  private final Parameter weight;

  public EmbeddingTable(int rows, int dim, ParameterGroup group) {
    this.weight = param("weight", group, Init.normal(Init.BASE_STD), rows, dim);
  }

  public Parameter weight() {
    return weight;
  }

  /** (...) int64 ids -> (..., dim). */
  public NDArray lookup(NDArray ids) {
    return Embedding.embedding(ids, weight.getArray(), SparseFormat.DENSE).singletonOrThrow();
  }
}
