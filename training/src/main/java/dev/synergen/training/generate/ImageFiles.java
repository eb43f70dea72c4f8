package dev.synergen.training.generate;

import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.image.ImageNormalizer;
import dev.synergen.tokenization.image.PngCodec;
import dev.synergen.tokenization.image.RgbImage;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.training.TrainingErrors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Image files in and out of inference. An input image takes exactly the corpus path: ingest's
 * {@link ImageNormalizer} (the guarded decoder: format sniffing, decompression-bomb and memory
 * guards, decode timeout; CMYK/alpha/16-bit to 8-bit sRGB, longest side at most 1024), then the
 * tokenizer's {@link ImageFitting} (centre crop, halving steps, bicubic resample), so the model sees
 * a photo as it saw the training images.
 */
public final class ImageFiles {
  /** Larger files are refused unread. */
  public static final long MAX_FILE_BYTES = 256L << 20;

  private ImageFiles() {}

  /** The RGB square of side {@code size} the tokenizer takes, from an image file of any size and format. */
  public static BufferedImage read(Path file, int size) {
    byte[] bytes;
    try {
      long length = Files.size(file);
      if (length > MAX_FILE_BYTES) {
        throw TrainingErrors.error(TrainingErrors.IMAGE_UNREADABLE, file + " is " + length + " bytes, more than the "
            + MAX_FILE_BYTES + " an input image may have");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw TrainingErrors.error(TrainingErrors.IMAGE_UNREADABLE, "image file " + file + " does not exist");
    } catch (IOException e) {
      throw TrainingErrors.error(TrainingErrors.IMAGE_UNREADABLE, "cannot read image file " + file + ": " + e);
    }
    return prepare(bytes, file.toString(), size);
  }

  /** As {@link #read}, from bytes; {@code name} names them in errors. */
  public static BufferedImage prepare(byte[] bytes, String name, int size) {
    try {
      // the pixels ingest would store (PNG is lossless, so no round trip through it is needed)
      return ImageFitting.fit(new ImageNormalizer(ImageConfig.defaults()).normalizedPixels(bytes).toBufferedImage(),
          size);
    } catch (RejectedException e) {
      throw TrainingErrors.error(TrainingErrors.IMAGE_UNREADABLE, name + " is not a usable image: " + e.getMessage());
    }
  }

  /** Writes a lossless PNG atomically (a reader never sees half a file). */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] &= 0xffffff;
    }
    byte[] png = PngCodec.encode(new RgbImage(w, h, pixels));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(file, channel -> {
      ByteBuffer buffer = ByteBuffer.wrap(png);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    });
  }
}
