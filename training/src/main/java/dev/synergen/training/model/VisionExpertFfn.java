package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;

/**
 * The vision experts of one decoder layer: a text FFN and an image FFN of the same shape, chosen
 * by each position's modality. Keys: {@code ffn.text.*} (group TEXT) and {@code ffn.image.*}
 * (group IMAGE).
 */
public final class VisionExpertFfn extends NamedBlock implements PositionwiseFfn {
  private final SwiGluFfn text;
  private final SwiGluFfn image;

  public VisionExpertFfn(int dim, int hidden, int depth) {
    this.text = child("text", new SwiGluFfn(dim, hidden, ParameterGroup.TEXT, depth));
    this.image = child("image", new SwiGluFfn(dim, hidden, ParameterGroup.IMAGE, depth));
  }

  @Override
  public NDArray apply(NDArray x, Routing routing) {
    return routing.route(x, text, image);
  }
}
