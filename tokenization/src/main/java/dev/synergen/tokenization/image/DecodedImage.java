package dev.synergen.tokenization.image;

/** An image decoded to 8-bit sRGB, with the format its bytes were in. */
public record DecodedImage(ImageFormat format, RgbImage rgb) {
  public int width() {
    return rgb.width();
  }

  public int height() {
    return rgb.height();
  }
}
