package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Settings;

/** Where the commands keep non-table artifacts (tokenizers, checkpoints) unless told otherwise. */
final class Artifacts {

  private Artifacts() {}

  /** {@code key} if set, else {@code <lakehouse>/_artifacts/<kind>} for a local lakehouse. */
  static String directory(Settings s, String key, Lakehouse lakehouse, String kind) {
    String explicit = s.string(key, null);
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    if (!lakehouse.isLocal()) {
      throw JobErrors.error(JobErrors.ARTIFACT_PATH_REQUIRED, "the lakehouse " + lakehouse.root() + " is not on the local file system;"
          + " set '" + key + "' to a directory for the " + kind);
    }
    return lakehouse.artifacts(kind);
  }
}
