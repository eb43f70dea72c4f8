package dev.synergen.core;

import java.net.URI;
import java.nio.file.Path;

/** The root under which every Delta table of the pipeline lives (local path or a URI such as s3a://). */
public record Lakehouse(String root) implements java.io.Serializable {
  public static final String DEFAULT_ROOT = "lakehouse";

  public Lakehouse {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("lakehouse root must not be blank");
    }
    root = normalise(root.trim());
  }

  /** Location of one table, e.g. {@code <root>/raw_pairs}. */
  public String table(String name) {
    return root + "/" + name;
  }

  /** Location of a non-table artifact directory, e.g. {@code <root>/_artifacts/tokenizers}. */
  public String artifacts(String kind) {
    return root + "/_artifacts/" + kind;
  }

  public boolean isLocal() {
    return root.startsWith("file:") || !root.contains("://");
  }

  private static String normalise(String root) {
    String stripped = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    if (stripped.contains("://") || stripped.startsWith("file:")) {
      return URI.create(stripped).normalize().toString();
    }
    // Relative local roots are resolved once, so executors in other working directories agree.
    return Path.of(stripped).toAbsolutePath().normalize().toString();
  }
}
