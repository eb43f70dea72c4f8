package dev.synergen.training.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Tiny configurations and shared engine access for model tests. */
public final class ModelHarness {
  private ModelHarness() {}

  /** d=16, 1 layer, 2 heads / 1 KV head, 4x8 codes folded 2x4, 1 head layer: gradient checks in fp64. */
  public static ModelConfig micro() {
    return new ModelConfig("micro", 12, 16, 1, 2, 1, 24, 1, 20, 10_000, 1e-5, 64, new ImageGrid(4, 8, 1, 10, 2, 4));
  }

  public static SynerGenModel model(NDManager manager, ModelConfig config, long seed, DataType dtype) {
    return SynerGenModel.create(config).initialize(manager, seed, dtype);
  }
}
