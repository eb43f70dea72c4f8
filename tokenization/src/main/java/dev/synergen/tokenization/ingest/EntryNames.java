package dev.synergen.tokenization.ingest;

/**
 * Checks archive entry names (and the relative names of files found in corpus folders) and splits them into
 * WebDataset key and extension.
 *
 * <p>Entry names are data, never file paths: nothing is ever extracted by its name. They are still
 * checked, because a name like {@code ../../etc/x} says the shard was not made by a corpus tool, and
 * because keys end up in tables and reports where control or bidi characters would mislead.
 */
public final class EntryNames {
  private EntryNames() {}

  /** A safe entry name split at the first dot of its basename: {@code dir/000123.seg.png -> (dir/000123, seg.png)}. */
  record KeyAndExtension(String key, String extension) {}

  /** Drops leading {@code ./} segments, which {@code tar -C dir .} writes. */
  static String withoutDotSlash(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    return n;
  }

  /** Null if {@code name} (already without leading {@code ./}) is safe, else why not. */
  public static String unsafeBecause(String name) {
    if (name.isEmpty()) {
      return "entry name is empty";
    }
    if (name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0)))) {
      return "entry name is an absolute path";
    }
    if (name.indexOf('\\') >= 0) {
      return "entry name contains a backslash";
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT || cp == 0xFFFD
          || Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
        return String.format("entry name contains character U+%04X at index %d", cp, i);
      }
      i += Character.charCount(cp);
    }
    String[] segments = name.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.equals("..")) {
        return "entry name has a '..' segment (path traversal)";
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return "entry name has an empty or '.' segment";
      }
      if (segment.startsWith(".")) {
        return "entry name has a hidden segment '" + segment + "' (e.g. macOS ._ files); remove it from the shard";
      }
    }
    return null;
  }

  static KeyAndExtension split(String safeName) {
    int slash = safeName.lastIndexOf('/');
    int dot = safeName.indexOf('.', slash + 1);
    if (dot < 0) {
      return new KeyAndExtension(safeName, "");
    }
    return new KeyAndExtension(safeName.substring(0, dot), safeName.substring(dot + 1));
  }

  /** Names longer than this are shortened in keys and messages (the full name is never needed there). */
  static final int MAX_SHOWN_CHARS = 256;

  /** {@code name}, or its first characters and its length when it is longer than {@link #MAX_SHOWN_CHARS}. */
  static String abbreviated(String name) {
    return name.length() <= MAX_SHOWN_CHARS ? name
        : name.substring(0, MAX_SHOWN_CHARS - 32) + "...(" + name.length() + " chars)";
  }

  /** The name with control, format and non-ASCII-space characters escaped as {@code \\uXXXX}, for keys and messages. */
  public static String printable(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
          || (Character.isWhitespace(cp) && cp != ' ') || type == Character.SPACE_SEPARATOR && cp != ' ') {
        sb.append(String.format("\\u%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }
}
