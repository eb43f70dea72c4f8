package dev.synergen.eval.sql;

import dev.synergen.eval.EvalErrors;
import java.util.Arrays;
import java.util.Locale;

/** Output formats of {@code synergen sql}. */
public enum SqlFormat {
  /** Aligned columns for a terminal; long cells cut, binary shown as its length. */
  TABLE,
  /** JSON Lines: one object per row, every column present (null included); binary base64, maps as objects. */
  JSON,
  /** RFC 4180 with a header row; nested values as JSON text, binary base64, null as an empty unquoted field. */
  CSV;

  /** The format named {@code name} (case-insensitive); SQL_INVALID names the known ones otherwise. */
  public static SqlFormat parse(String name) {
    for (SqlFormat f : values()) {
      if (f.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return f;
      }
    }
    throw EvalErrors.error(EvalErrors.SQL_INVALID, "unknown output format '" + name + "'; use one of "
        + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }
}
