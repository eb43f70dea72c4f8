package dev.synergen.tokenization.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams the entries of a tar archive with bounded memory: a GNU long name ({@code 'L'}, {@code
 * 'K'}) or PAX header ({@code 'x'}, {@code 'g'}) is buffered only up to {@code maxHeaderBytes} and
 * skipped unread beyond it (the entry it describes is then refused), and entry data is read only
 * when the caller asks for it; everything else is skipped as it streams past.
 *
 * <p>End of stream exactly at a header boundary, or inside a header block, ends the entries without
 * an end-of-archive block ({@link #sawEndMarker()} false: the caller decides it is truncated); end of
 * stream inside an entry's data is an {@link IOException} "Truncated TAR archive".
 */
final class TarEntryReader {
  /** Longest entry name accepted: PATH_MAX on Linux; corpus tools never come near it. */
  static final int MAX_NAME_BYTES = 4096;

  private final InputStream in;
  private final long maxHeaderBytes;
  private final byte[] block = new byte[TarHeader.BLOCK];
  private final byte[] scratch = new byte[8192];
  private long position;
  private long remaining;
  private long padding;
  private boolean endMarker;

  TarEntryReader(InputStream in, long maxHeaderBytes) {
    this.in = in;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  /** Bytes consumed so far. */
  long position() {
    return position;
  }

  /** Whether the entries ended at an all-zero end-of-archive block (a complete archive). */
  boolean sawEndMarker() {
    return endMarker;
  }

  /** The next entry, skipping what is left of the current one; null at the end of the archive or stream. */
  TarEntry next() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    String longLink = null;
    Long paxSize = null;
    String refusal = null;
    boolean sparse = false;
    while (true) {
      long headerAt = position;
      if (!readBlock()) {
        return null;
      }
      if (TarHeader.isAllZero(block)) {
        endMarker = true;
        return null;
      }
      TarHeader header = TarHeader.parse(block, headerAt);
      if (header.size() < 0) {
        throw new IOException("tar header at byte " + headerAt + " declares a negative size");
      }
      switch (header.type()) {
        case 'L', 'K' -> {
          String what = header.type() == 'L' ? "name" : "link target";
          if (header.size() > Math.min(MAX_NAME_BYTES, maxHeaderBytes)) {
            skipData(header.size());
            refusal = "GNU long " + what + " of " + header.size() + " bytes was skipped unread, limit is "
                + Math.min(MAX_NAME_BYTES, maxHeaderBytes);
          } else if (header.type() == 'L') {
            longName = trimNuls(readData(header.size()));
          } else {
            longLink = trimNuls(readData(header.size()));
          }
          continue;
        }
        case 'x', 'g' -> {
          if (header.size() > maxHeaderBytes) {
            skipData(header.size());
            refusal = "PAX header of " + header.size() + " bytes was skipped unread, limit is " + maxHeaderBytes;
            continue;
          }
          PaxRecords pax = PaxRecords.parse(readData(header.size()));
          if (header.type() == 'g') {
            continue; // global defaults: a path or size there would apply to every entry, so none is honoured
          }
          if (pax.problem() != null) {
            refusal = "PAX header is malformed (" + pax.problem() + ")";
          }
          longName = pax.path() != null ? pax.path() : longName;
          longLink = pax.linkPath() != null ? pax.linkPath() : longLink;
          paxSize = pax.size() != null ? pax.size() : paxSize;
          sparse |= pax.sparse();
          continue;
        }
        default -> { }
      }
      if (header.extended()) {
        skipSparseExtensions();
      }
      long size = paxSize != null ? paxSize : header.size();
      if (sparse || header.type() == 'S') {
        refusal = refusal != null ? refusal : "entry is a sparse file; its holes would be read as zeros";
      }
      if (longName != null && longName.length() > MAX_NAME_BYTES) {
        refusal = refusal != null ? refusal : "PAX path of " + longName.length() + " characters, limit is "
            + MAX_NAME_BYTES;
      }
      remaining = size;
      padding = (TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK;
      return new TarEntry(longName != null ? longName : header.name(), header.type(), size,
          longLink != null ? longLink : header.linkName(), refusal);
    }
  }

  /** The whole data of the current entry; call at most once per entry, with its size at most {@code Integer.MAX_VALUE}. */
  byte[] readData() throws IOException {
    byte[] data = readData(remaining); // with the padding after it
    remaining = 0;
    padding = 0;
    return data;
  }

  private byte[] readData(long size) throws IOException {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tar entry data of " + size + " bytes does not fit an array");
    }
    byte[] data = new byte[(int) size];
    int n = in.readNBytes(data, 0, data.length);
    position += n;
    if (n < data.length) {
      throw new IOException("Truncated TAR archive");
    }
    skip((TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK);
    return data;
  }

  private void skipData(long size) throws IOException {
    skip(size + (TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK);
  }

  private void skipSparseExtensions() throws IOException {
    do {
      if (!readBlock()) {
        throw new IOException("Truncated TAR archive");
      }
    } while (TarHeader.extensionContinues(block));
  }

  // Reads and discards, so the stream below sees (and a tracker counts) every byte.
  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (r < 0) {
        throw new IOException("Truncated TAR archive");
      }
      position += r;
      left -= r;
    }
  }

  /** Reads one block; false at end of stream (also in the middle of the block). */
  private boolean readBlock() throws IOException {
    int n = in.readNBytes(block, 0, TarHeader.BLOCK);
    position += n;
    return n == TarHeader.BLOCK;
  }

  private static String trimNuls(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
