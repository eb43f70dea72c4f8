package dev.synergen.tokenization.ingest;

/**
 * An entry of a tar stream after its GNU long-name and PAX records were applied.
 *
 * @param name the entry's path as the archive gives it (unchecked: see {@link EntryNames})
 * @param type the tar type flag ({@code '0'} regular file, {@code '1'} hard link, {@code '2'}
 *     symbolic link, {@code '3'}/{@code '4'} devices, {@code '5'} directory, {@code '6'} FIFO,
 *     {@code 'S'} GNU sparse file, ...)
 * @param size bytes of data the archive stores for it
 * @param linkName the target of a link entry
 * @param refusal why the entry cannot be trusted whatever its type (a name or PAX header over the
 *     bounds, which were skipped unread; a sparse file), or null
 */
record TarEntry(String name, char type, long size, String linkName, String refusal) {
  boolean isDirectory() {
    return type == '5' || (isRegularFile() && name.endsWith("/"));
  }

  /** Only these types carry the bytes of a file ('7' is a contiguous file, read like a regular one). */
  boolean isRegularFile() {
    return type == '0' || type == 0 || type == '7';
  }

  /** The entry type in words, for refusals. */
  String describe() {
    return switch (type) {
      case '1' -> "hard link to '" + EntryNames.printable(linkName) + "'";
      case '2' -> "symbolic link to '" + EntryNames.printable(linkName) + "'";
      case '3' -> "character device";
      case '4' -> "block device";
      case '6' -> "named pipe (FIFO)";
      case 'S' -> "GNU sparse file";
      default -> "non-regular entry (type flag " + (Character.isLetterOrDigit(type) ? String.valueOf(type)
          : String.format("0x%02x", (int) type)) + ")";
    };
  }
}
