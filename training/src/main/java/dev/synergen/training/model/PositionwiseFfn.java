package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;

/** A feed-forward applied to each position of a flattened (N, d) activation. */
public interface PositionwiseFfn {
  NDArray apply(NDArray x, Routing routing);
}
