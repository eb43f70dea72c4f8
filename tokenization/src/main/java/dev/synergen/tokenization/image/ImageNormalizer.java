package dev.synergen.tokenization.image;

import dev.synergen.core.io.Sha256;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.reject.RejectedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Decode, downscale to the configured max side, hash the pixels and re-encode as PNG. */
public final class ImageNormalizer {
  private static final byte[] PIXEL_HASH_DOMAIN = "synergen-rgb8-v1\n".getBytes(StandardCharsets.US_ASCII);

  private final ImageDecoder decoder;
  private final int maxSide;

  public ImageNormalizer(ImageConfig config) {
    this(config, FaultPlan.none());
  }

  /** With {@code faults} for the decoder's {@code decode} point. */
  public ImageNormalizer(ImageConfig config, FaultPlan faults) {
    this.decoder = new ImageDecoder(config, faults);
    this.maxSide = config.maxSide();
  }

  public NormalizedImage normalize(byte[] bytes) throws RejectedException {
    DecodedImage decoded = decoder.decode(bytes);
    RgbImage rgb = BoxDownscaler.fitWithin(decoded.rgb(), maxSide);
    return new NormalizedImage(PngCodec.encode(rgb), decoded.format(), rgb.width(), rgb.height(),
        decoded.width(), decoded.height(), pixelHash(rgb));
  }

  /** The pixels {@link #normalize} stores, without the PNG: what a model sees of an image file. */
  public RgbImage normalizedPixels(byte[] bytes) throws RejectedException {
    return BoxDownscaler.fitWithin(decoder.decode(bytes).rgb(), maxSide);
  }

  /**
   * SHA-256 (hex) of a domain tag, the width and height (big-endian int32) and the RGB bytes.
   *
   * <p>The pixels are hashed rather than the PNG bytes because deflate output depends on the zlib
   * build: the same image must get the same id on every machine.
   */
  public static String pixelHash(RgbImage rgb) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(PIXEL_HASH_DOMAIN);
    digest.update(ByteBuffer.allocate(8).putInt(rgb.width()).putInt(rgb.height()).array());
    digest.update(rgb.toRgbBytes());
    return HexFormat.of().formatHex(digest.digest());
  }
}
