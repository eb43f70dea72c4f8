package dev.synergen.tokenization.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** x + conv(relu(conv(relu(x)))): the VQ-VAE residual block, 3x3 then 1x1, width preserved. */
final class ResidualBlock extends AbstractBlock {
  private final Conv2d conv1;
  private final Conv2d conv2;

  ResidualBlock(int channels) {
    conv1 = addChildBlock("conv1", Convolutions.same(channels, 3));
    conv2 = addChildBlock("conv2", Convolutions.same(channels, 1));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray h = conv1.forward(ps, new NDList(Activation.relu(x)), training).singletonOrThrow();
    h = conv2.forward(ps, new NDList(Activation.relu(h)), training).singletonOrThrow();
    return new NDList(x.add(h));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes[0]);
    conv2.initialize(manager, dataType, conv1.getOutputShapes(inputShapes)[0]);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
