package dev.synergen.tokenization.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches the bytes a tar parser consumes, to tell a complete archive from a truncated one.
 *
 * <p>commons-compress treats a stream that stops at a 512-byte boundary (or inside a header) as a
 * normal end of archive. A complete tar ends with an all-zero block, so we record where the last
 * all-zero block started; whether the underlying stream ended or failed is recorded too.
 */
final class TarStreamTracker extends FilterInputStream {
  static final int BLOCK = 512;

  private long position;
  private boolean blockAllZero = true;
  private long lastZeroBlockStart = -1;
  private boolean reachedEnd;
  private IOException sourceFailure;
  private final byte[] scratch = new byte[8192];

  TarStreamTracker(InputStream in) {
    super(in);
  }

  long position() {
    return position;
  }

  /** Start of the most recent complete all-zero 512-byte block read, or -1. */
  long lastZeroBlockStart() {
    return lastZeroBlockStart;
  }

  boolean reachedEnd() {
    return reachedEnd;
  }

  IOException sourceFailure() {
    return sourceFailure;
  }

  @Override
  public int read() throws IOException {
    int n = read(scratch, 0, 1);
    return n < 0 ? -1 : scratch[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      sourceFailure = e;
      throw e;
    }
    if (n < 0) {
      reachedEnd = true;
      return n;
    }
    for (int i = off; i < off + n; i++) {
      if (position % BLOCK == 0) {
        blockAllZero = true;
      }
      if (b[i] != 0) {
        blockAllZero = false;
      }
      position++;
      if (position % BLOCK == 0 && blockAllZero) {
        lastZeroBlockStart = position - BLOCK;
      }
    }
    return n;
  }

  // Skipped bytes are read and scanned too: an end-of-archive block must not be skipped unseen.
  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
