package dev.synergen.tokenization.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Encoder, quantizer and decoder; their child names ({@code encoder}, {@code quantizer},
 * {@code decoder}) start every checkpoint key.
 */
final class VqModel extends AbstractBlock {
  private final VqConfig config;
  private final VqEncoder encoder;
  private final VectorQuantizer quantizer;
  private final VqDecoder decoder;

  VqModel(VqConfig config) {
    this.config = config;
    encoder = addChildBlock("encoder", new VqEncoder(config));
    quantizer = addChildBlock("quantizer", new VectorQuantizer(config.codebookSize(), config.codeDim()));
    decoder = addChildBlock("decoder", new VqDecoder(config));
  }

  /**
   * Images (B, 3, S, S) in [-1, 1] to: reconstruction (B, 3, S, S), codes (B, g, g) int32,
   * commitment loss, detached latents (B*g*g, D) and their squared quantization errors (B*g*g).
   */
  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList quantized = quantize(ps, inputs.singletonOrThrow(), training);
    NDArray reconstruction = decoder.forward(ps, new NDList(quantized.get(0)), training).singletonOrThrow();
    NDList out = new NDList(reconstruction);
    out.addAll(quantized.subNDList(1));
    return out;
  }

  /** Images to the quantizer's outputs (see {@link VectorQuantizer}). */
  NDList quantize(ParameterStore ps, NDArray images, boolean training) {
    NDArray latents = encoder.forward(ps, new NDList(images), training).singletonOrThrow();
    return quantizer.forward(ps, new NDList(latents), training);
  }

  /** Codes (B, g, g) to images (B, 3, S, S) in [-1, 1]. */
  NDArray decode(ParameterStore ps, NDArray codes) {
    return decoder.forward(ps, new NDList(quantizer.lookup(ps, codes)), false).singletonOrThrow();
  }

  VectorQuantizer quantizer() {
    return quantizer;
  }

  VqConfig config() {
    return config;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes);
    Shape[] latents = encoder.getOutputShapes(inputShapes);
    quantizer.initialize(manager, dataType, latents);
    decoder.initialize(manager, dataType, latents);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] latents = encoder.getOutputShapes(inputShapes);
    Shape[] quantized = quantizer.getOutputShapes(latents);
    Shape[] out = quantized.clone();
    out[0] = decoder.getOutputShapes(new Shape[] {latents[0]})[0];
    return out;
  }
}
