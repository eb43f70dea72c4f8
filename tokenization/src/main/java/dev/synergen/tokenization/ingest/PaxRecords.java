package dev.synergen.tokenization.ingest;

import java.nio.charset.StandardCharsets;

/**
 * The records of a PAX extended header ({@code "<length> <key>=<value>\n"}, repeated) that change
 * how an entry is read: its path, link target and size, and whether it is a GNU sparse file.
 * Other keys (times, owners, extended attributes) are ignored.
 *
 * @param problem why the records do not parse, or null; what parsed before the problem is kept
 */
record PaxRecords(String path, String linkPath, Long size, boolean sparse, String problem) {
  static PaxRecords parse(byte[] data) {
    String path = null;
    String linkPath = null;
    Long size = null;
    boolean sparse = false;
    int pos = 0;
    while (pos < data.length && data[pos] != 0) {
      int space = pos;
      long length = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < data.length) {
        length = length * 10 + (data[space] - '0');
        space++;
      }
      if (space == pos || space >= data.length || data[space] != ' ' || length <= space - pos + 1
          || pos + length > data.length || data[(int) (pos + length - 1)] != '\n') {
        return new PaxRecords(path, linkPath, size, sparse, "bad record at byte " + pos);
      }
      String record = new String(data, space + 1, (int) (pos + length - space - 2), StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq <= 0) {
        return new PaxRecords(path, linkPath, size, sparse, "record without key=value at byte " + pos);
      }
      String key = record.substring(0, eq);
      String value = record.substring(eq + 1);
      switch (key) {
        case "path" -> path = value;
        case "linkpath" -> linkPath = value;
        case "size" -> {
          try {
            size = Long.parseLong(value);
          } catch (NumberFormatException e) {
            return new PaxRecords(path, linkPath, size, sparse, "size '" + value + "' is not a number");
          }
          if (size < 0) {
            return new PaxRecords(path, linkPath, null, sparse, "size " + value + " is negative");
          }
        }
        default -> sparse |= key.startsWith("GNU.sparse.");
      }
      pos += (int) length;
    }
    return new PaxRecords(path, linkPath, size, sparse, null);
  }
}
