package dev.synergen.tokenization.image;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * What an image's header promises, read before a single pixel is decoded: its size and the bytes
 * per pixel of the raster the reader will allocate (a 16-bit RGBA PNG takes 8, an RGB JPEG 3).
 */
record ImageHeader(int width, int height, int bytesPerPixel) {
  /** Bytes of the int-per-pixel sRGB copy every decode makes ({@link RgbImage}). */
  static final int RGB_BYTES_PER_PIXEL = 4;

  static ImageHeader read(ImageReader reader) throws IOException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    return new ImageHeader(width, height, rasterBytesPerPixel(reader));
  }

  long pixels() {
    return (long) width * height;
  }

  /** Heap a decode holds at its peak: the reader's raster plus the sRGB copy made from it. */
  long decodeBytes() {
    return pixels() * (bytesPerPixel + RGB_BYTES_PER_PIXEL);
  }

  private static int rasterBytesPerPixel(ImageReader reader) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (types == null || !types.hasNext()) {
      return RGB_BYTES_PER_PIXEL; // readers that cannot say decode to an int-per-pixel image
    }
    SampleModel model = types.next().getSampleModel(1, 1);
    int elementBytes = Math.max(1, DataBuffer.getDataTypeSize(model.getDataType()) / 8);
    return Math.max(1, elementBytes * model.getNumDataElements());
  }
}
