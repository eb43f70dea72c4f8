package dev.synergen.tokenization.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** Images (B, 3, S, S) in [-1, 1] to latents (B, codeDim, S/f, S/f): a stem, f/2 halvings, residual blocks. */
final class VqEncoder extends AbstractBlock {
  private final Block stem;
  private final List<Block> halvings = new ArrayList<>();
  private final List<Block> residuals = new ArrayList<>();
  private final Block projection;

  VqEncoder(VqConfig config) {
    stem = addChildBlock("stem", Convolutions.same(config.channels(0), 3));
    for (int level = 0; level < config.levels(); level++) {
      halvings.add(addChildBlock("down" + level, Convolutions.halving(config.channels(level + 1))));
    }
    for (int i = 0; i < config.resBlocks(); i++) {
      residuals.add(addChildBlock("res" + i, new ResidualBlock(config.channels(config.levels()))));
    }
    projection = addChildBlock("proj", Convolutions.same(config.codeDim(), 1));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = stem.forward(ps, inputs, training).singletonOrThrow();
    for (Block down : halvings) {
      x = down.forward(ps, new NDList(Activation.relu(x)), training).singletonOrThrow();
    }
    for (Block res : residuals) {
      x = res.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    return projection.forward(ps, new NDList(Activation.relu(x)), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (var child : getChildren()) {
      child.getValue().initialize(manager, dataType, shapes);
      shapes = child.getValue().getOutputShapes(shapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (var child : getChildren()) {
      shapes = child.getValue().getOutputShapes(shapes);
    }
    return shapes;
  }
}
