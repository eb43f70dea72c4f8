package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.config.Settings;

/** Where the commands keep non-table artifacts (tokenizers, checkpoints) unless told otherwise. */
final class Artifacts {
  static final String NEEDS_PATH = "ARTIFACT_PATH_REQUIRED";

  private Artifacts() {}

  /** {@code key} if set, else {@code <lakehouse>/_artifacts/<kind>} for a local lakehouse. */
  static String directory(Settings s, String key, Lakehouse lakehouse, String kind) {
    String explicit = s.string(key, null);
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    if (!lakehouse.isLocal()) {
      throw new PipelineException(NEEDS_PATH, "the lakehouse " + lakehouse.root() + " is not on the local file system;"
          + " set '" + key + "' to a directory for the " + kind);
    }
    return lakehouse.artifacts(kind);
  }
}
