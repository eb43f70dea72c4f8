package dev.synergen.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.CoreErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A {@code manifest.json} of SHA-256 digests for the files of a saved artifact (checkpoint,
 * tokenizer). It is written last, so its presence marks a complete artifact, and verifying it
 * refuses truncated or tampered files before any of them is parsed.
 */
public final class ArtifactManifest {
  public static final String FILE_NAME = "manifest.json";
  public static final String FORMAT = "synergen-artifact/1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArtifactManifest() {}

  /** Hashes the named files of {@code dir} and writes the manifest atomically; returns the digests. */
  public static Map<String, String> write(Path dir, List<String> files) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode entries = root.putObject("files");
    Map<String, String> digests = new LinkedHashMap<>();
    for (String name : new TreeSet<>(files)) {
      Path file = safeChild(dir, name);
      String sha = Sha256.hex(file);
      ObjectNode entry = entries.putObject(name);
      entry.put("sha256", sha);
      entry.put("bytes", Files.size(file));
      digests.put(name, sha);
    }
    AtomicFiles.writeString(dir.resolve(FILE_NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return digests;
  }

  /** Checks every listed file against its digest; returns the digests by file name. */
  public static Map<String, String> verify(Path dir) throws IOException {
    Path manifest = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(manifest)) {
      throw CoreErrors.error(CoreErrors.ARTIFACT_INCOMPLETE, dir + " has no " + FILE_NAME
          + "; the artifact was never completely written. Re-save it or point at a complete one.");
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(manifest));
    } catch (IOException e) {
      throw CoreErrors.error(CoreErrors.ARTIFACT_TAMPERED, manifest + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("files").isObject()) {
      throw CoreErrors.error(CoreErrors.ARTIFACT_TAMPERED, manifest + " is not a " + FORMAT + " manifest");
    }
    Map<String, String> digests = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("files").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Path file = safeChild(dir, e.getKey());
      String expected = e.getValue().path("sha256").asText();
      if (!Files.isRegularFile(file)) {
        throw CoreErrors.error(CoreErrors.ARTIFACT_INCOMPLETE, file + " is listed in the manifest but missing");
      }
      long expectedBytes = e.getValue().path("bytes").asLong(-1);
      long actualBytes = Files.size(file);
      if (expectedBytes != actualBytes) {
        throw CoreErrors.error(CoreErrors.ARTIFACT_TAMPERED, file + " is " + actualBytes + " bytes, the manifest says "
            + expectedBytes + "; it was truncated or modified after saving");
      }
      String actual = Sha256.hex(file);
      if (!actual.equals(expected)) {
        throw CoreErrors.error(CoreErrors.ARTIFACT_TAMPERED, file + " has sha256 " + actual + ", the manifest says " + expected
            + "; it was modified after saving");
      }
      digests.put(e.getKey(), actual);
    }
    return digests;
  }

  private static Path safeChild(Path dir, String name) {
    Path child = dir.resolve(name).normalize();
    if (name.contains("/") || name.contains("\\") || !child.getParent().equals(dir.normalize())) {
      throw CoreErrors.error(CoreErrors.ARTIFACT_TAMPERED, "manifest entry '" + name + "' is not a plain file name in " + dir);
    }
    return child;
  }
}
