package dev.synergen.tokenization.image;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * What an image's header promises, read before a single pixel is decoded: its size and the bytes
 * per pixel of the raster the reader will allocate (a 16-bit RGBA PNG takes 8, an RGB JPEG 3).
 */
record ImageHeader(long width, long height, int bytesPerPixel) {
  /** Bytes of the int-per-pixel sRGB copy every decode makes ({@link RgbImage}). */
  static final int RGB_BYTES_PER_PIXEL = 4;

  /** The size the reader reports; bytes per pixel still unknown (0) until {@link #withRasterOf}. */
  static ImageHeader read(ImageReader reader) throws IOException {
    return new ImageHeader(reader.getWidth(0), reader.getHeight(0), 0);
  }

  /**
   * The size a BMP declares, read from its info header, or null: the JDK reader refuses a BMP whose
   * pixel count overflows an int with a misleading "invalid width/height", so bombs are caught here.
   */
  static ImageHeader ofBmp(byte[] b) {
    if (b.length < 26) {
      return null;
    }
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int dibSize = le.getInt(14);
    if (dibSize == 12) {
      return new ImageHeader(le.getShort(18) & 0xffff, le.getShort(20) & 0xffff, 0);
    }
    return new ImageHeader(le.getInt(18), Math.abs((long) le.getInt(22)), 0); // negative height: top-down rows
  }

  /** This header with the bytes per pixel of the raster {@code reader} will allocate. */
  ImageHeader withRasterOf(ImageReader reader) throws IOException {
    return new ImageHeader(width, height, rasterBytesPerPixel(reader));
  }

  long pixels() {
    return width * height;
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
