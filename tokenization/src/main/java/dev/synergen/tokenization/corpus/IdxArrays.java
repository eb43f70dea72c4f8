package dev.synergen.tokenization.corpus;

import dev.synergen.tokenization.TokenizationErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/** Unsigned-byte IDX files (the MNIST format), gzipped or not, read with every header field checked. */
public final class IdxArrays {
  private static final int UNSIGNED_BYTE = 0x08;

  /** {@code count} items of {@code rows x cols} bytes each, or {@code rows = cols = 1} for a label file. */
  public record Array(String name, int count, int rows, int cols, byte[] data) {
    public byte[] item(int i) {
      int size = rows * cols;
      byte[] out = new byte[size];
      System.arraycopy(data, i * size, out, 0, size);
      return out;
    }

    public int label(int i) {
      return data[i] & 0xff;
    }
  }

  private IdxArrays() {}

  /** Decompresses (at most {@code maxBytes}) and parses an IDX file of {@code dims} dimensions (1 or 3). */
  public static Array read(String name, byte[] gzipped, int dims, long maxBytes) throws IOException {
    byte[] raw;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      throw bad(name, "is not a readable gzip stream (" + e.getMessage() + ")");
    }
    if (raw.length > maxBytes) {
      throw bad(name, "decompresses to more than " + maxBytes + " bytes");
    }
    return parse(name, raw, dims);
  }

  static Array parse(String name, byte[] raw, int dims) {
    if (raw.length < 4 + 4 * dims) {
      throw bad(name, "is shorter than an IDX header of " + dims + " dimensions");
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    if (b.get() != 0 || b.get() != 0 || b.get() != UNSIGNED_BYTE || b.get() != dims) {
      throw bad(name, "does not start with the IDX magic of unsigned bytes in " + dims + " dimensions");
    }
    int count = b.getInt();
    int rows = dims == 3 ? b.getInt() : 1;
    int cols = dims == 3 ? b.getInt() : 1;
    if (count < 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
      throw bad(name, "declares " + count + " items of " + rows + "x" + cols);
    }
    long expected = (long) count * rows * cols;
    if (b.remaining() != expected) {
      throw bad(name, "declares " + count + " items of " + rows + "x" + cols + " (" + expected + " bytes) but holds "
          + b.remaining() + " bytes of data");
    }
    byte[] data = new byte[(int) expected];
    b.get(data);
    return new Array(name, count, rows, cols, data);
  }

  private static RuntimeException bad(String name, String what) {
    return TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, name + " " + what
        + "; delete the package from the cache to fetch it again");
  }
}
