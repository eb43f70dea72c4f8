package dev.synergen.tokenization.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One 512-byte tar header block, parsed strictly: the checksum must match and every number must
 * parse, else the archive is corrupt. Handles v7, ustar (name prefix) and GNU (base-256 sizes).
 *
 * @param name the name field, with the ustar prefix joined in front when present
 * @param type the type flag ({@code '0'} or NUL regular file, {@code '5'} directory, {@code 'L'}
 *     GNU long name, {@code 'x'} PAX header, ...)
 * @param size the size field: bytes of data that follow the header in the archive
 * @param linkName the link target field
 * @param extended for GNU sparse files ({@code 'S'}): whether sparse-map extension blocks follow
 */
record TarHeader(String name, char type, long size, String linkName, boolean extended) {
  static final int BLOCK = 512;

  /** Parses {@code block}, which starts at byte {@code offset} of the archive (named in errors). */
  static TarHeader parse(byte[] block, long offset) throws IOException {
    long stored = number(block, 148, 8, offset, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += (byte) b;
    }
    if (stored != unsigned && stored != signed) {
      throw new IOException("tar header at byte " + offset + " has checksum " + stored + " but its bytes sum to "
          + unsigned + "; this is not a tar archive or it is damaged");
    }
    char type = (char) (block[156] & 0xff);
    long size = number(block, 124, 12, offset, "size");
    String name = text(block, 0, 100);
    boolean ustar = text(block, 257, 6).equals("ustar") && block[262] == 0; // POSIX, not GNU's "ustar  "
    String prefix = ustar ? text(block, 345, 155) : "";
    return new TarHeader(prefix.isEmpty() ? name : prefix + "/" + name, type, size, text(block, 157, 100),
        type == 'S' && block[482] != 0);
  }

  /** Whether a GNU sparse extension block (after an {@link #extended} header) is followed by another. */
  static boolean extensionContinues(byte[] block) {
    return block[504] != 0;
  }

  static boolean isAllZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  // Octal ASCII (space or NUL terminated), or GNU base-256 when the first byte has its high bit set.
  private static long number(byte[] b, int at, int length, long offset, String field) throws IOException {
    if ((b[at] & 0x80) != 0) {
      if ((b[at] & 0x40) != 0) {
        throw new IOException("tar header at byte " + offset + " has a negative " + field);
      }
      long v = b[at] & 0x3f;
      for (int i = 1; i < length; i++) {
        if (v > (Long.MAX_VALUE >> 8)) {
          throw new IOException("tar header at byte " + offset + " has a " + field + " beyond 2^63");
        }
        v = v << 8 | (b[at + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = at;
    int end = at + length;
    while (i < end && (b[i] == ' ' || b[i] == 0)) {
      i++;
    }
    boolean digits = false;
    for (; i < end && b[i] >= '0' && b[i] <= '7'; i++) {
      v = v * 8 + (b[i] - '0');
      digits = true;
    }
    for (; i < end; i++) {
      if (b[i] != ' ' && b[i] != 0) {
        throw new IOException("tar header at byte " + offset + " has a " + field + " field that is not an octal number");
      }
    }
    if (!digits && !field.equals("size")) {
      throw new IOException("tar header at byte " + offset + " has an empty " + field + " field");
    }
    return v;
  }

  // NUL-terminated UTF-8; malformed bytes become U+FFFD, which EntryNames refuses in a name.
  private static String text(byte[] b, int at, int length) {
    int end = at;
    while (end < at + length && b[end] != 0) {
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.UTF_8);
  }
}
