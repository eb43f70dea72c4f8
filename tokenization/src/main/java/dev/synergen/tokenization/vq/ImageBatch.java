package dev.synergen.tokenization.vq;

import dev.synergen.tokenization.TokenizationErrors;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of square RGB images as floats in [0, 1], laid out (N, 3, size, size) like a tensor.
 * The constructor checks the layout and every value, so bad pixels never reach native code.
 */
public record ImageBatch(int count, int size, float[] pixels) {
  public ImageBatch {
    if (count < 1 || size < 1) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "an image batch needs count >= 1 and size >= 1, got count " + count + ", size " + size);
    }
    long expected = (long) count * 3 * size * size;
    if (pixels == null || pixels.length != expected) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "an image batch of " + count + " RGB images of " + size + "x" + size + " needs " + expected
          + " floats, got " + (pixels == null ? "null" : pixels.length));
    }
    for (int i = 0; i < pixels.length; i++) {
      float v = pixels[i];
      if (!(v >= 0f && v <= 1f)) {
        int perImage = 3 * size * size;
        throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "pixel value " + v + " of image " + i / perImage + " (channel " + (i % perImage)
            / (size * size) + ") is outside [0, 1]; scale 8-bit values by 1/255 before tokenizing");
      }
    }
  }

  /** Converts images that already have the tokenizer's resolution (resizing is the image stage's job). */
  public static ImageBatch of(List<BufferedImage> images, int size) {
    if (images.isEmpty()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "an image batch needs at least one image, got none");
    }
    int plane = size * size;
    float[] pixels = new float[images.size() * 3 * plane];
    int[] argb = new int[plane];
    for (int n = 0; n < images.size(); n++) {
      BufferedImage image = images.get(n);
      if (image.getWidth() != size || image.getHeight() != size) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "image " + n + " is " + image.getWidth() + "x" + image.getHeight()
            + " but the tokenizer takes " + size + "x" + size + "; resize it first");
      }
      image.getRGB(0, 0, size, size, argb, 0, size);
      int base = n * 3 * plane;
      for (int p = 0; p < plane; p++) {
        pixels[base + p] = ((argb[p] >> 16) & 0xff) / 255f;
        pixels[base + plane + p] = ((argb[p] >> 8) & 0xff) / 255f;
        pixels[base + 2 * plane + p] = (argb[p] & 0xff) / 255f;
      }
    }
    return new ImageBatch(images.size(), size, pixels);
  }

  public BufferedImage toBufferedImage(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("image " + index + " of a batch of " + count);
    }
    int plane = size * size;
    int base = index * 3 * plane;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[plane];
    for (int p = 0; p < plane; p++) {
      rgb[p] = toByte(pixels[base + p]) << 16 | toByte(pixels[base + plane + p]) << 8 | toByte(pixels[base + 2 * plane + p]);
    }
    image.setRGB(0, 0, size, size, rgb, 0, size);
    return image;
  }

  public List<BufferedImage> toBufferedImages() {
    List<BufferedImage> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(toBufferedImage(i));
    }
    return out;
  }

  /** The images {@code [from, to)} as their own batch. */
  public ImageBatch slice(int from, int to) {
    if (from < 0 || to > count || from >= to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a batch of " + count);
    }
    int perImage = 3 * size * size;
    float[] part = new float[(to - from) * perImage];
    System.arraycopy(pixels, from * perImage, part, 0, part.length);
    return new ImageBatch(to - from, size, part);
  }

  private static int toByte(float v) {
    return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
  }
}
