package dev.synergen.tokenization.image;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.util.zip.CRC32;

/**
 * Walks the container structure of an image file to find truncation before decoding.
 *
 * <p>Decoders are lenient about truncation: ImageIO decodes a JPEG without its end marker or a PNG
 * without IEND with only a warning, filling the missing part with grey. A cut download is not a
 * training image, so we check the structure ourselves: each format's own framing says exactly
 * where the file must end.
 */
final class ImageStructure {
  /**
   * Progressive JPEGs from real encoders have about 10 scans (jpegtran's script), rarely a few
   * dozen; libjpeg re-reads every coefficient block of the image for each scan, so thousands of
   * tiny scans make a small file cost minutes of CPU.
   */
  static final int MAX_JPEG_SCANS = 1000;

  private ImageStructure() {}

  static void requireComplete(ImageFormat format, byte[] b) throws RejectedException {
    switch (format) {
      case JPEG -> checkJpeg(b);
      case PNG -> checkPng(b);
      case GIF -> checkGif(b);
      case WEBP -> checkWebp(b);
      case BMP -> checkBmp(b);
      default -> throw new IllegalStateException("no structure check for " + format);
    }
  }

  private static RejectedException truncated(ImageFormat format, String what, int length) {
    return new RejectedException(RejectReason.TRUNCATED_IMAGE,
        format.columnValue() + " file of " + length + " bytes ends before " + what);
  }

  // Segments up to each SOS, entropy-coded data up to the next real marker, until EOI.
  private static void checkJpeg(byte[] b) throws RejectedException {
    int pos = 2;
    int scans = 0;
    while (true) {
      while (pos < b.length && (b[pos] & 0xff) != 0xff) {
        pos++; // libjpeg skips extraneous bytes before a marker; so do we
      }
      while (pos < b.length && (b[pos] & 0xff) == 0xff) {
        pos++; // fill bytes
      }
      if (pos >= b.length) {
        throw truncated(ImageFormat.JPEG, "its end-of-image marker (FFD9)", b.length);
      }
      int marker = b[pos] & 0xff;
      pos++;
      if (marker == 0xd9) {
        return;
      }
      if (marker == 0x01 || marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
        continue; // standalone markers carry no length
      }
      if (pos + 2 > b.length) {
        throw truncated(ImageFormat.JPEG, "the length of segment FF" + hex(marker), b.length);
      }
      int length = (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
      if (length < 2) {
        throw new RejectedException(RejectReason.CORRUPT_IMAGE,
            "jpeg segment FF" + hex(marker) + " at offset " + (pos - 2) + " declares length " + length + ", minimum is 2");
      }
      if (pos + length > b.length) {
        throw truncated(ImageFormat.JPEG, "the end of segment FF" + hex(marker) + " (" + length + " bytes at offset "
            + (pos - 2) + ")", b.length);
      }
      pos += length;
      if (marker == 0xda) {
        if (++scans > MAX_JPEG_SCANS) {
          throw new RejectedException(RejectReason.DECODE_OVER_BUDGET, "jpeg has more than " + MAX_JPEG_SCANS
              + " scans (encoders write about 10); each scan makes the decoder pass over the whole image again");
        }
        pos = endOfEntropyCodedData(b, pos);
      }
    }
  }

  private static int endOfEntropyCodedData(byte[] b, int pos) throws RejectedException {
    for (int i = pos; i + 1 < b.length; i++) {
      if ((b[i] & 0xff) == 0xff) {
        int next = b[i + 1] & 0xff;
        if (next != 0x00 && next != 0xff && !(next >= 0xd0 && next <= 0xd7)) {
          return i;
        }
      }
    }
    throw truncated(ImageFormat.JPEG, "the end of its compressed scan data", b.length);
  }

  // Chunks of (length, type, data, crc) up to IEND; a wrong CRC is corruption, a short chunk truncation.
  private static void checkPng(byte[] b) throws RejectedException {
    int pos = 8;
    CRC32 crc = new CRC32();
    while (true) {
      if (pos + 8 > b.length) {
        throw truncated(ImageFormat.PNG, "its IEND chunk", b.length);
      }
      long length = u32be(b, pos);
      if (length > Integer.MAX_VALUE) {
        throw new RejectedException(RejectReason.CORRUPT_IMAGE,
            "png chunk at offset " + pos + " declares length " + length + ", maximum is 2^31-1");
      }
      String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (pos + 12 + length > b.length) {
        throw truncated(ImageFormat.PNG, "the end of its " + type + " chunk (" + length + " data bytes at offset "
            + pos + ")", b.length);
      }
      crc.reset();
      crc.update(b, pos + 4, 4 + (int) length);
      long stored = u32be(b, pos + 8 + (int) length);
      if (crc.getValue() != stored) {
        throw new RejectedException(RejectReason.CORRUPT_IMAGE, "png " + type + " chunk at offset " + pos
            + " has CRC " + Long.toHexString(stored) + ", its data hashes to " + Long.toHexString(crc.getValue()));
      }
      pos += 12 + (int) length;
      if (type.equals("IEND")) {
        return;
      }
    }
  }

  // Header, optional colour table, then extension/image blocks of sub-blocks until the 0x3B trailer.
  private static void checkGif(byte[] b) throws RejectedException {
    int pos = 13;
    if (b.length < pos) {
      throw truncated(ImageFormat.GIF, "its logical screen descriptor", b.length);
    }
    pos += colorTableBytes(b[10]);
    while (true) {
      if (pos >= b.length) {
        throw truncated(ImageFormat.GIF, "its trailer (0x3B)", b.length);
      }
      int introducer = b[pos] & 0xff;
      if (introducer == 0x3b) {
        return;
      } else if (introducer == 0x21) {
        pos = skipSubBlocks(b, pos + 2);
      } else if (introducer == 0x2c) {
        if (pos + 10 > b.length) {
          throw truncated(ImageFormat.GIF, "the end of an image descriptor", b.length);
        }
        pos += 10 + colorTableBytes(b[pos + 9]);
        pos = skipSubBlocks(b, pos + 1); // +1: LZW minimum code size
      } else {
        throw new RejectedException(RejectReason.CORRUPT_IMAGE, "gif block at offset " + pos
            + " starts with 0x" + hex(introducer) + ", expected 0x21, 0x2C or 0x3B");
      }
    }
  }

  private static int colorTableBytes(byte packed) {
    return (packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
  }

  private static int skipSubBlocks(byte[] b, int pos) throws RejectedException {
    while (true) {
      if (pos >= b.length) {
        throw truncated(ImageFormat.GIF, "the end of a data sub-block chain", b.length);
      }
      int size = b[pos] & 0xff;
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
    }
  }

  private static void checkWebp(byte[] b) throws RejectedException {
    long declared = u32le(b, 4) + 8;
    if (declared > b.length) {
      throw truncated(ImageFormat.WEBP, "the " + declared + " bytes its RIFF header declares", b.length);
    }
  }

  private static void checkBmp(byte[] b) throws RejectedException {
    long declared = u32le(b, 2);
    if (declared > b.length) {
      throw truncated(ImageFormat.BMP, "the " + declared + " bytes its file header declares", b.length);
    }
  }

  private static long u32be(byte[] b, int i) {
    return (long) (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  private static long u32le(byte[] b, int i) {
    return (long) (b[i + 3] & 0xff) << 24 | (b[i + 2] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
  }

  private static String hex(int v) {
    return String.format("%02X", v);
  }
}
