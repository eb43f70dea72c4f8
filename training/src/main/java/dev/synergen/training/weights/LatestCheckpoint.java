package dev.synergen.training.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.training.TrainingErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code LATEST.json} of a training output directory: the newest complete round (its resumable
 * state lives in the exchange store) and the name of the newest model checkpoint
 * ({@code step-NNNNNNN}), replaced atomically only after that round's files and table rows exist.
 */
public final class LatestCheckpoint {
  public static final String FILE = "LATEST.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What LATEST.json says: {@code checkpoint} is null before the first model checkpoint. */
  /** {@code round} is 0 before the first round completed (a run that has only started), -1 when absent (old runs). */
  public record Pointer(Path checkpoint, long round, long step, String runId) {}

  private LatestCheckpoint() {}

  /** Whether {@code dir} is a training output directory (it holds LATEST.json and is no checkpoint itself). */
  public static boolean isRunDirectory(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE)) && !Files.exists(dir.resolve(Checkpoint.WEIGHTS));
  }

  /** The pointer of a run directory, or null before its first round completed. */
  public static Pointer pointer(Path runDir) throws IOException {
    Path latest = runDir.resolve(FILE);
    if (!Files.isRegularFile(latest)) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(Files.readString(latest, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_STATE_INVALID, latest + " is not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_STATE_INVALID, latest + " is not a JSON object");
    }
    Path checkpoint = null;
    if (node.hasNonNull("checkpoint")) {
      String name = node.path("checkpoint").asText();
      if (!name.matches("step-\\d{7,}")) {
        throw TrainingErrors.error(TrainingErrors.TRAIN_STATE_INVALID, latest + " names checkpoint '" + name
            + "', expected step-NNNNNNN");
      }
      checkpoint = runDir.resolve(name);
    }
    return new Pointer(checkpoint, (node.has("round") ? node.get("round").asLong() : -1), node.path("step").asLong(),
        node.path("run_id").asText(null));
  }

  /** The newest model checkpoint of a run directory, or null when it has none yet. */
  public static Path read(Path runDir) throws IOException {
    Pointer p = pointer(runDir);
    return p == null ? null : p.checkpoint();
  }

  /** Points LATEST.json at round {@code round} and at model checkpoint {@code checkpointDir} (a child of {@code runDir}, or null). */
  public static void write(Path runDir, Path checkpointDir, long round, long step, String runId) throws IOException {
    ObjectNode latest = JSON.createObjectNode();
    if (checkpointDir != null) {
      latest.put("checkpoint", checkpointDir.getFileName().toString());
    }
    latest.put("round", round);
    latest.put("step", step);
    latest.put("run_id", runId);
    AtomicFiles.writeString(runDir.resolve(FILE), latest.toString());
  }
}
