package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;

/**
 * The training objective of one batch: {@code total = text + lambda * image}, where text is the
 * mean next-token cross-entropy over the LM targets and image the mean cross-entropy over the
 * image-code targets (each 0 when the batch has none). The arrays carry the autograd graph.
 */
public record LossOutput(NDArray total, NDArray text, NDArray image, int textTargets, long imageTargets) {
  public float totalValue() {
    return total.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
  }

  public float textValue() {
    return text.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
  }

  public float imageValue() {
    return image.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
  }
}
