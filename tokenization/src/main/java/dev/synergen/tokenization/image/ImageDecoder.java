package dev.synergen.tokenization.image;

import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The one way the pipeline decodes image bytes (ingest, tokenize, tokenizer training, inference,
 * the demo): untrusted bytes to 8-bit sRGB, refusing anything that is not a complete, reasonably
 * sized JPEG (incl. CMYK/YCCK), PNG (incl. 16-bit, grey, alpha, palette), GIF (first frame), BMP or
 * WebP, and turning every failure of one image into that image's {@link RejectedException}.
 *
 * <p>Order of checks: the format is sniffed from the magic bytes (the extension is ignored; TIFF
 * and other formats are refused); the header's size is compared with {@link ImageConfig#maxPixels()}
 * and its size times bytes per pixel with the decode memory budget, before a pixel is decoded
 * (decompression bombs); the container structure is walked to catch truncation and absurd JPEG
 * scan counts; then the image is decoded on a {@link DecodeWorkers} thread, holding its share of
 * the JVM's {@link DecodeBudget}, for at most {@link ImageConfig#decodeTimeoutMillis()}. A decode
 * that runs out of time is {@code DECODE_TIMEOUT}; one that runs out of heap or stack (an
 * {@link OutOfMemoryError} or {@link StackOverflowError} from inside the codec) is
 * {@code DECODE_FAILED}: the record fails, the task goes on. Transparent pixels are composited on
 * white, so an RGBA icon becomes what a browser shows on a white page.
 *
 * <p>Fault point {@code decode} (coordinates {@code width}, {@code height}) fires on the decode
 * thread, where a real codec would fail.
 */
public final class ImageDecoder {
  private final ImageConfig config;
  private final FaultPlan faults;
  private final DecodeBudget budget;

  public ImageDecoder(ImageConfig config) {
    this(config, FaultPlan.none());
  }

  public ImageDecoder(ImageConfig config, FaultPlan faults) {
    this.config = Objects.requireNonNull(config, "config");
    this.faults = faults == null ? FaultPlan.none() : faults;
    this.budget = DecodeBudget.of(config.decodeBudgetBytes());
  }

  public DecodedImage decode(byte[] bytes) throws RejectedException {
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == ImageFormat.BMP && ImageHeader.ofBmp(bytes) != null) {
      requirePixelLimits(format, ImageHeader.ofBmp(bytes));
    }
    Decode decode = null;
    try {
      decode = new Decode(ImageReaders.create(format), new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
      decode.reader.setInput(decode.input, true, true);
      ImageHeader header = readHeader(format, bytes, decode.reader);
      requirePixelLimits(format, header);
      header = header.withRasterOf(decode.reader);
      requireWithinBudget(format, header);
      ImageStructure.requireComplete(format, bytes);
      return new DecodedImage(format, decodeGuarded(format, header, decode));
    } catch (IOException | RuntimeException e) {
      // ImageIO reports malformed data as IIOException, but also as IndexOutOfBounds or
      // IllegalArgument from deep inside a codec: every one of them means "this file is bad".
      throw decodeFailure(format, bytes, e);
    } finally {
      if (decode != null) {
        decode.closeIfOwned();
      }
    }
  }

  private static ImageHeader readHeader(ImageFormat format, byte[] bytes, ImageReader reader) throws IOException,
      RejectedException {
    try {
      return ImageHeader.read(reader);
    } catch (IOException | RuntimeException e) {
      ImageStructure.requireComplete(format, bytes); // a header cut short is truncation, not corruption
      throw e;
    }
  }

  private void requirePixelLimits(ImageFormat format, ImageHeader header) throws RejectedException {
    String declares = format.columnValue() + " header declares " + header.width() + "x" + header.height();
    if (header.width() < 1 || header.height() < 1) {
      throw new RejectedException(RejectReason.CORRUPT_IMAGE, declares + " pixels, expected at least 1x1");
    }
    if (header.pixels() > config.maxPixels()) {
      throw new RejectedException(RejectReason.IMAGE_TOO_LARGE, declares + " = " + header.pixels()
          + " pixels, limit is " + config.maxPixels() + "; raise the image pixel limit if such images are intended");
    }
  }

  private void requireWithinBudget(ImageFormat format, ImageHeader header) throws RejectedException {
    String declares = format.columnValue() + " header declares " + header.width() + "x" + header.height();
    if (!budget.fits(header.decodeBytes())) {
      throw new RejectedException(RejectReason.DECODE_OVER_BUDGET, declares + " pixels of " + header.bytesPerPixel()
          + " bytes; decoding needs about " + mib(header.decodeBytes()) + " of heap, the decode budget is "
          + mib(budget.bytes()) + "; raise the decode memory budget (and the heap) if such images are intended");
    }
  }

  private RgbImage decodeGuarded(ImageFormat format, ImageHeader header, Decode decode) throws IOException,
      RejectedException {
    long estimate = header.decodeBytes();
    String what = format.columnValue() + " decode of " + header.width() + "x" + header.height() + " pixels";
    boolean reserved = false;
    try {
      reserved = budget.reserve(estimate, config.decodeTimeoutMillis());
      if (!reserved) {
        throw new RejectedException(RejectReason.DECODE_TIMEOUT, what + " waited " + config.decodeTimeoutMillis()
            + " ms for " + mib(estimate) + " of the decode budget, which other decodes held");
      }
      return DecodeWorkers.run(() -> decode.onWorker(() -> {
        try {
          faults.at("decode", "width", header.width(), "height", header.height());
          return SrgbConversion.toRgb(decode.reader.read(0));
        } finally {
          budget.release(estimate);
        }
      }), config.decodeTimeoutMillis(), decode::abort);
    } catch (DecodeWorkers.TimedOut t) {
      if (decode.abandonIfNotStarted()) {
        budget.release(estimate);
      }
      throw new RejectedException(RejectReason.DECODE_TIMEOUT, what + " took longer than "
          + config.decodeTimeoutMillis() + " ms and was abandoned" + (t.stopped() ? "" : "; the decoder ignored"
          + " the request to stop and still runs (" + DecodeWorkers.stuck() + " such decodes in this JVM)"));
    } catch (InterruptedException e) {
      if (reserved && decode.abandonIfNotStarted()) {
        budget.release(estimate);
      }
      Thread.currentThread().interrupt();
      throw new CancellationException("the task was cancelled during a " + what);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof VirtualMachineError error) {
        throw new RejectedException(RejectReason.DECODE_FAILED, what + " failed inside the codec with " + error
            + "; the image needs more heap or stack than a decode may take");
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error; // a broken installation (LinkageError, ...) is not bad input: fail the task
      }
      throw new IllegalStateException(what + " failed", cause);
    }
  }

  private static RejectedException decodeFailure(ImageFormat format, byte[] bytes, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VirtualMachineError) { // a codec that wrapped running out of heap is not a corrupt file
        return new RejectedException(RejectReason.DECODE_FAILED, format.columnValue() + " decoder ran out of"
            + " resources on " + bytes.length + " bytes: " + e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return new RejectedException(RejectReason.TRUNCATED_IMAGE, format.columnValue() + " decoder reached the end of "
            + bytes.length + " bytes early: " + e);
      }
    }
    return new RejectedException(RejectReason.CORRUPT_IMAGE, format.columnValue() + " decoder refused "
        + bytes.length + " bytes: " + e);
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  /**
   * A reader and its stream, owned by the calling thread until a decode thread starts on them; from
   * then on the decode thread closes them when it ends, so a decoder left running after a timeout
   * never has its reader disposed under it.
   */
  private static final class Decode {
    private final ImageReader reader;
    private final ImageInputStream input;
    private final AtomicBoolean claimed = new AtomicBoolean();

    Decode(ImageReader reader, ImageInputStream input) {
      this.reader = reader;
      this.input = input;
    }

    <T> T onWorker(java.util.concurrent.Callable<T> body) throws Exception {
      if (!claimed.compareAndSet(false, true)) {
        return null; // the caller gave up before this thread started
      }
      try {
        return body.call();
      } finally {
        close();
      }
    }

    /** True when no decode thread ever started: the caller then owns (and releases) everything. */
    boolean abandonIfNotStarted() {
      return claimed.compareAndSet(false, true) && closeAndTrue();
    }

    void abort() {
      try {
        reader.abort();
      } catch (RuntimeException e) {
        // the JDK JPEG reader refuses calls from a second thread; it then stops only at its end
      }
    }

    void closeIfOwned() {
      if (claimed.compareAndSet(false, true)) {
        close();
      }
    }

    private boolean closeAndTrue() {
      close();
      return true;
    }

    private void close() {
      reader.dispose();
      try {
        input.close();
      } catch (IOException e) {
        // an in-memory stream holds nothing to lose
      }
    }
  }
}
