package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Hard modality routing of flattened positions to the text or image FFN expert (no learned
 * router). Mixed batches gather each modality's rows, run its expert once on them, and scatter the
 * results back with one inverse gather, so both experts see large matmuls and gradients flow.
 */
public final class Routing {
  private enum Mode { ALL_TEXT, ALL_IMAGE, MIXED }

  private static final Routing ALL_TEXT = new Routing(Mode.ALL_TEXT, null, null, null);
  private static final Routing ALL_IMAGE = new Routing(Mode.ALL_IMAGE, null, null, null);

  private final Mode mode;
  private final NDArray textRows;
  private final NDArray imageRows;
  private final NDArray unpermute;

  private Routing(Mode mode, NDArray textRows, NDArray imageRows, NDArray unpermute) {
    this.mode = mode;
    this.textRows = textRows;
    this.imageRows = imageRows;
    this.unpermute = unpermute;
  }

  public static Routing allText() {
    return ALL_TEXT;
  }

  public static Routing allImage() {
    return ALL_IMAGE;
  }

  /** Routing for flattened positions; {@code isImage[i]} marks folded image positions. */
  public static Routing of(NDManager manager, boolean[] isImage) {
    int images = 0;
    for (boolean b : isImage) {
      images += b ? 1 : 0;
    }
    if (images == 0) {
      return ALL_TEXT;
    }
    if (images == isImage.length) {
      return ALL_IMAGE;
    }
    long[] text = new long[isImage.length - images];
    long[] image = new long[images];
    long[] inverse = new long[isImage.length];
    int t = 0;
    int m = 0;
    for (int i = 0; i < isImage.length; i++) {
      if (isImage[i]) {
        inverse[i] = text.length + m;
        image[m++] = i;
      } else {
        inverse[i] = t;
        text[t++] = i;
      }
    }
    return new Routing(Mode.MIXED, manager.create(text), manager.create(image), manager.create(inverse));
  }

  NDArray route(NDArray x, PositionwiseFfn textExpert, PositionwiseFfn imageExpert) {
    return switch (mode) {
      case ALL_TEXT -> textExpert.apply(x, this);
      case ALL_IMAGE -> imageExpert.apply(x, this);
      case MIXED -> {
        NDArray text = textExpert.apply(rows(x, textRows), this);
        NDArray image = imageExpert.apply(rows(x, imageRows), this);
        yield rows(text.concat(image, 0), unpermute);
      }
    };
  }

  /** {@code x[index]} along axis 0 (differentiable gather). */
  public static NDArray rows(NDArray x, NDArray index) {
    return x.get(new NDIndex("{}", index));
  }
}
