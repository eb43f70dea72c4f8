package dev.synergen.tokenization.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** Convolution builders and the pixel shuffle shared by the encoder and the decoder. */
final class Convolutions {
  private Convolutions() {}

  /** A "same"-padded convolution with an odd kernel. */
  static Conv2d same(int filters, int kernel) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .build();
  }

  /** A 4x4, stride-2 convolution: halves the resolution without aliasing an odd kernel would add. */
  static Conv2d halving(int filters) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(4, 4))
        .optStride(new Shape(2, 2))
        .optPadding(new Shape(1, 1))
        .build();
  }

  /**
   * Depth-to-space upsampling by 2 (the PyTorch engine of DJL has no transposed convolution):
   * channel groups of four become 2x2 pixel blocks.
   */
  static NDArray pixelShuffle(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1) / 4;
    long h = s.get(2);
    long w = s.get(3);
    // (B, 4C, H, W) -> (B, C, 2, 2, H, W) -> (B, C, H, 2, W, 2) -> (B, C, 2H, 2W)
    return x.reshape(b, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, 2 * h, 2 * w);
  }

  static Shape pixelShuffleShape(Shape s) {
    return new Shape(s.get(0), s.get(1) / 4, 2 * s.get(2), 2 * s.get(3));
  }
}
