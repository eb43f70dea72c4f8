package dev.synergen.tokenization.image;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes untrusted image bytes to 8-bit sRGB RGB, refusing anything that is not a complete,
 * reasonably sized JPEG (incl. CMYK/YCCK), PNG (incl. 16-bit, grey, alpha, palette), GIF (first
 * frame), BMP or WebP.
 *
 * <p>Order of checks: the format is sniffed from the magic bytes (the extension is ignored); the
 * dimensions are read from the header and compared with {@link ImageConfig#maxPixels()} before a
 * single pixel is decoded (decompression-bomb guard); the container structure is walked to catch
 * truncation; then the image is decoded. Transparent pixels are composited on white, so an RGBA
 * icon becomes what a browser shows on a white page.
 */
public final class ImageDecoder {
  private final ImageConfig config;

  public ImageDecoder(ImageConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public DecodedImage decode(byte[] bytes) throws RejectedException {
    ImageFormat format = ImageFormat.sniff(bytes);
    try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = ImageReaders.create(format);
      try {
        reader.setInput(input, true, true);
        requireAcceptableSize(format, bytes, reader);
        ImageStructure.requireComplete(format, bytes);
        BufferedImage image = reader.read(0);
        return new DecodedImage(format, SrgbConversion.toRgb(image));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO reports malformed data as IIOException, but also as IndexOutOfBounds or
      // IllegalArgument from deep inside a codec: every one of them means "this file is bad".
      throw decodeFailure(format, bytes, e);
    }
  }

  private void requireAcceptableSize(ImageFormat format, byte[] bytes, ImageReader reader)
      throws IOException, RejectedException {
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      ImageStructure.requireComplete(format, bytes); // a header cut short is truncation, not corruption
      throw e;
    }
    if (width < 1 || height < 1) {
      throw new RejectedException(RejectReason.CORRUPT_IMAGE,
          format.columnValue() + " header declares " + width + "x" + height + " pixels, expected at least 1x1");
    }
    long pixels = (long) width * height;
    if (pixels > config.maxPixels()) {
      throw new RejectedException(RejectReason.IMAGE_TOO_LARGE, format.columnValue() + " header declares " + width
          + "x" + height + " = " + pixels + " pixels, limit is " + config.maxPixels()
          + "; raise the image pixel limit if such images are intended");
    }
  }

  private static RejectedException decodeFailure(ImageFormat format, byte[] bytes, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return new RejectedException(RejectReason.TRUNCATED_IMAGE, format.columnValue() + " decoder reached the end of "
            + bytes.length + " bytes early: " + e);
      }
    }
    return new RejectedException(RejectReason.CORRUPT_IMAGE, format.columnValue() + " decoder refused "
        + bytes.length + " bytes: " + e);
  }
}
