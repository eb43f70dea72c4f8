package dev.synergen.tokenization.image;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The image formats we decode, recognised by their magic bytes (never by the file extension). */
public enum ImageFormat {
  JPEG,
  PNG,
  GIF,
  BMP,
  WEBP;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** The value stored in {@code raw_pairs.format}: {@code jpeg}, {@code png}, ... */
  public String columnValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format of {@code bytes}, or a refusal: {@code EMPTY_FILE}, {@code UNSUPPORTED_FORMAT} for
   * images we recognise but do not decode, {@code NOT_AN_IMAGE} for everything else.
   */
  public static ImageFormat sniff(byte[] bytes) throws RejectedException {
    if (bytes.length == 0) {
      throw new RejectedException(RejectReason.EMPTY_FILE, "image file has 0 bytes");
    }
    if (startsWith(bytes, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
      return JPEG;
    }
    if (startsWith(bytes, 0, PNG_SIGNATURE)) {
      return PNG;
    }
    if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
      return GIF;
    }
    if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
      return WEBP;
    }
    if (isBmp(bytes)) {
      return BMP;
    }
    String unsupported = unsupportedImageFormat(bytes);
    if (unsupported != null) {
      throw new RejectedException(RejectReason.UNSUPPORTED_FORMAT, unsupported
          + " images are not decoded; supported: jpeg, png, gif, bmp, webp. Convert the image or drop it");
    }
    throw new RejectedException(RejectReason.NOT_AN_IMAGE, "expected the signature of jpeg, png, gif, bmp or webp,"
        + " got first bytes " + hexPrefix(bytes, 8));
  }

  // "BM" alone matches too much text; the DIB header size must also be one BMP defines.
  private static boolean isBmp(byte[] b) {
    if (!startsWithAscii(b, 0, "BM") || b.length < 18) {
      return false;
    }
    int dibSize = (b[14] & 0xff) | (b[15] & 0xff) << 8 | (b[16] & 0xff) << 16 | (b[17] & 0xff) << 24;
    return dibSize == 12 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 64
        || dibSize == 108 || dibSize == 124;
  }

  private static String unsupportedImageFormat(byte[] b) {
    if (startsWith(b, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
        || startsWith(b, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)) {
      return "tiff";
    }
    if (startsWithAscii(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
      if (brand.startsWith("avi")) {
        return "avif";
      }
      if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
        return "heif";
      }
    }
    if (startsWith(b, 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0x0c, (byte) 'j', (byte) 'P')
        || startsWith(b, 0, (byte) 0xff, (byte) 0x4f, (byte) 0xff, (byte) 0x51)) {
      return "jpeg2000";
    }
    if (startsWith(b, 0, (byte) 0xff, (byte) 0x0a)
        || startsWith(b, 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0x0c, (byte) 'J', (byte) 'X', (byte) 'L')) {
      return "jpeg-xl";
    }
    if (startsWithAscii(b, 0, "8BPS")) {
      return "psd";
    }
    String head = new String(b, 0, Math.min(b.length, 256), StandardCharsets.ISO_8859_1).stripLeading();
    if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
      return "svg";
    }
    return null;
  }

  private static boolean startsWith(byte[] b, int offset, byte... prefix) {
    if (b.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithAscii(byte[] b, int offset, String prefix) {
    return startsWith(b, offset, prefix.getBytes(StandardCharsets.US_ASCII));
  }

  static String hexPrefix(byte[] b, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, b.length); i++) {
      sb.append(String.format("%02x", b[i] & 0xff));
    }
    return sb.append(b.length > n ? "..." : "").toString();
  }
}
