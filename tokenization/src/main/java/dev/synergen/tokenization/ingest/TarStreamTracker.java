package dev.synergen.tokenization.ingest;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches the bytes a tar reader consumes, to tell why a shard ended early: the stream ended
 * ({@link #reachedEnd}: truncation) or the source failed ({@link #sourceFailure}: an unreadable
 * file). A gzip layer below reports a cut-off file as an {@link EOFException}; that is an end of
 * stream too, so a truncated {@code .tar.gz} is a truncated tar like any other.
 */
final class TarStreamTracker extends FilterInputStream {
  private boolean reachedEnd;
  private IOException sourceFailure;

  TarStreamTracker(InputStream in) {
    super(in);
  }

  boolean reachedEnd() {
    return reachedEnd;
  }

  IOException sourceFailure() {
    return sourceFailure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (EOFException e) {
      n = -1;
    } catch (IOException e) {
      sourceFailure = e;
      throw e;
    }
    if (n < 0) {
      reachedEnd = true;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new UnsupportedOperationException("tar readers read and discard, so every byte passes the tracker");
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
