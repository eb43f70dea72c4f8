package dev.synergen.tokenization.textcorpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a byte stream line by line without decoding it, keeping at most {@code cap} bytes of each
 * line: a single 10 MB line costs a scan, not 10 MB of heap. Lines end at {@code \n}; a trailing
 * {@code \r} is dropped (CRLF files), and a UTF-8 byte-order mark at the start of the stream is skipped.
 */
final class ByteLines {
  /** One line: its 1-based number, its first {@code cap} bytes and its full length in bytes. */
  record Line(long number, byte[] bytes, long length) {
    boolean truncated() {
      return length > bytes.length;
    }

    /** Only ASCII whitespace (or nothing): what every format treats as "no content". */
    boolean blank() {
      for (byte b : bytes) {
        if (b != ' ' && b != '\t' && b != '\f' && b != 0x0b && b != '\r') {
          return false;
        }
      }
      return !truncated();
    }
  }

  private final InputStream in;
  private final int cap;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long number;
  private long totalBytes;
  private boolean atStart = true;
  private boolean eof;

  ByteLines(InputStream in, int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("line cap must be >= 1 byte, got " + cap);
    }
    this.in = in;
    this.cap = cap;
  }

  /** The next line, or null at the end of the stream. */
  Line next() throws IOException {
    if (!fill()) {
      return null;
    }
    if (atStart) {
      atStart = false;
      skipByteOrderMark();
      if (!fill()) {
        return null;
      }
    }
    byte[] kept = new byte[Math.min(cap, 256)];
    int keptLength = 0;
    long length = 0;
    boolean ended = false;
    while (!ended && fill()) {
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int n = end - position;
      int room = cap - keptLength;
      if (room > 0) {
        int take = Math.min(room, n);
        if (keptLength + take > kept.length) {
          kept = Arrays.copyOf(kept, Math.min(cap, Math.max(keptLength + take, kept.length * 2)));
        }
        System.arraycopy(buffer, position, kept, keptLength, take);
        keptLength += take;
      }
      length += n;
      ended = end < limit;
      position = ended ? end + 1 : end;
    }
    number++;
    if (keptLength > 0 && length == keptLength && kept[keptLength - 1] == '\r') {
      keptLength--;
      length--;
    }
    return new Line(number, Arrays.copyOf(kept, keptLength), length);
  }

  /** Bytes read so far (a file of zero bytes is an empty file, a file of blank lines is not). */
  long totalBytes() {
    return totalBytes;
  }

  private void skipByteOrderMark() {
    if (limit - position >= 3 && (buffer[position] & 0xff) == 0xEF && (buffer[position + 1] & 0xff) == 0xBB
        && (buffer[position + 2] & 0xff) == 0xBF) {
      position += 3;
    }
  }

  private boolean fill() throws IOException {
    if (position < limit) {
      return true;
    }
    if (eof) {
      return false;
    }
    // read, not readNBytes: bytes before a failing read are kept. A BOM split across reads (pipes,
    // never the first read of a regular file) is left in the text, where it fails nothing
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    totalBytes += n;
    return true;
  }
}
