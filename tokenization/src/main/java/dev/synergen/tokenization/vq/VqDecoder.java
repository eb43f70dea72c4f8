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

/** Quantized latents (B, codeDim, S/f, S/f) back to images (B, 3, S, S) in [-1, 1], mirroring the encoder. */
final class VqDecoder extends AbstractBlock {
  private final Block projection;
  private final List<Block> residuals = new ArrayList<>();
  private final List<Block> doublings = new ArrayList<>();
  private final Block output;

  VqDecoder(VqConfig config) {
    projection = addChildBlock("proj", Convolutions.same(config.channels(config.levels()), 3));
    for (int i = 0; i < config.resBlocks(); i++) {
      residuals.add(addChildBlock("res" + i, new ResidualBlock(config.channels(config.levels()))));
    }
    for (int level = config.levels() - 1; level >= 0; level--) {
      // 4x the channels of the finer level, rearranged into 2x2 pixel blocks by the pixel shuffle
      doublings.add(addChildBlock("up" + level, Convolutions.same(4 * config.channels(level), 3)));
    }
    output = addChildBlock("out", Convolutions.same(3, 3));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = projection.forward(ps, inputs, training).singletonOrThrow();
    for (Block res : residuals) {
      x = res.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    for (Block up : doublings) {
      x = Convolutions.pixelShuffle(up.forward(ps, new NDList(Activation.relu(x)), training).singletonOrThrow());
    }
    return output.forward(ps, new NDList(Activation.relu(x)), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (var child : getChildren()) {
      child.getValue().initialize(manager, dataType, shapes);
      shapes = afterChild(child.getValue(), shapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (var child : getChildren()) {
      shapes = afterChild(child.getValue(), shapes);
    }
    return shapes;
  }

  private Shape[] afterChild(Block child, Shape[] shapes) {
    Shape[] out = child.getOutputShapes(shapes);
    return doublings.contains(child) ? new Shape[] {Convolutions.pixelShuffleShape(out[0])} : out;
  }
}
