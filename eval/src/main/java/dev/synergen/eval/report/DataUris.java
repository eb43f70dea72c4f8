package dev.synergen.eval.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Images inlined as data URIs, so the report is one file that opens anywhere. */
final class DataUris {
  private DataUris() {}

  /** A PNG this process drew. */
  static String png(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  /**
   * An image from a table, or null when the bytes are not an image a browser shows: the type
   * comes from the magic bytes, never from a column, and the bytes must decode, so a truncated PNG
   * becomes a note in the report rather than a broken image.
   */
  static String image(byte[] bytes) {
    if (bytes == null || bytes.length < 12) {
      return null;
    }
    String mime = mime(bytes);
    if (mime == null || !decodes(bytes)) {
      return null;
    }
    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /** An image given as base64 text (a detail JSON field), or null. */
  static String imageFromBase64(String base64) {
    return image(base64Bytes(base64));
  }

  /** The bytes of base64 text (a detail JSON field), or null when it is missing or not base64. */
  static byte[] base64Bytes(String base64) {
    if (base64 == null || base64.isBlank()) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String mime(byte[] b) {
    if ((b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return "image/jpeg";
    }
    if (b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return "image/gif";
    }
    if (b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
        && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  private static boolean decodes(byte[] bytes) {
    try {
      // null: no ImageIO reader for the type (WebP without TwelveMonkeys); trust the browser then
      var reader = ImageIO.getImageReadersByMIMEType(mime(bytes));
      if (!reader.hasNext()) {
        return true;
      }
      var image = ImageIO.read(new ByteArrayInputStream(bytes));
      return image != null && image.getWidth() > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
