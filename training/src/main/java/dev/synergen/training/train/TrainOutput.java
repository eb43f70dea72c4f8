package dev.synergen.training.train;

import static dev.synergen.training.train.TrainErrors.STATE_INVALID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.PipelineException;
import dev.synergen.core.io.ArtifactManifest;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.optim.AdamW;
import dev.synergen.training.weights.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The output directory of a training run:
 * <pre>
 * LATEST.json                      the newest complete checkpoint: {"checkpoint": "step-0000400", ...}
 * step-0000400/model.safetensors   the model ({@link Checkpoint}: weights, config.json, manifest.json)
 * step-0000400/resume/             optimizer.safetensors (AdamW moments and step count),
 *                                  train_state.json (position in the data, totals), manifest.json
 * </pre>
 * LATEST.json is replaced (atomically) only after a checkpoint and its table rows are written, so a
 * crash at any point leaves it naming a complete checkpoint. Only the newest checkpoint keeps its
 * {@code resume/} directory (it is twice the size of the model); every model checkpoint stays,
 * since the {@code checkpoints} table points at it.
 */
public final class TrainOutput {
  public static final String LATEST = "LATEST.json";
  public static final String RESUME_DIR = "resume";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  /** A checkpoint to resume from and the state saved with it. */
  record Resumable(Path checkpoint, TrainingState state) {}

  TrainOutput(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /**
   * A checkpoint directory given either directly or as a training output directory (then its
   * newest checkpoint, per LATEST.json).
   */
  public static Path resolveCheckpoint(Path dirOrOutput) throws IOException {
    Path latest = dirOrOutput.resolve(LATEST);
    if (Files.isRegularFile(latest) && !Files.exists(dirOrOutput.resolve(Checkpoint.WEIGHTS))) {
      return dirOrOutput.resolve(readLatest(latest).path("checkpoint").asText());
    }
    return dirOrOutput;
  }

  /** The checkpoint LATEST.json names, or null before the first one. */
  Path latestCheckpointPath() {
    Path latest = root.resolve(LATEST);
    try {
      return Files.isRegularFile(latest) ? root.resolve(readLatest(latest).path("checkpoint").asText()) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path checkpointDir(long step) {
    return root.resolve(String.format("step-%07d", step));
  }

  /** The newest complete checkpoint with its state, verified; null when the directory holds no run. */
  Resumable latest() throws IOException {
    Path latest = root.resolve(LATEST);
    if (!Files.isRegularFile(latest)) {
      return null;
    }
    Path checkpoint = root.resolve(readLatest(latest).path("checkpoint").asText());
    ArtifactManifest.verify(checkpoint);
    Path resume = checkpoint.resolve(RESUME_DIR);
    Map<String, String> files = ArtifactManifest.verify(resume);
    if (!files.containsKey(OptimizerState.FILE) || !files.containsKey(TrainingState.FILE)) {
      throw new PipelineException(STATE_INVALID, resume + " lists " + files.keySet() + ", expected "
          + OptimizerState.FILE + " and " + TrainingState.FILE);
    }
    TrainingState state = TrainingState.fromJson(Files.readString(resume.resolve(TrainingState.FILE),
        StandardCharsets.UTF_8), resume.resolve(TrainingState.FILE).toString());
    return new Resumable(checkpoint, state);
  }

  /** Writes the model checkpoint and its resume state; returns the model files' sha256 by name. */
  Map<String, String> save(Path dir, SynerGenModel model, AdamW adam, TrainingState state,
      CheckpointMetadata metadata) throws IOException {
    Map<String, String> digests = Checkpoint.save(model, dir, metadata.toMap());
    Path resume = Files.createDirectories(dir.resolve(RESUME_DIR));
    Files.deleteIfExists(resume.resolve(ArtifactManifest.FILE_NAME));
    OptimizerState.save(adam, resume.resolve(OptimizerState.FILE));
    AtomicFiles.writeString(resume.resolve(TrainingState.FILE), state.toJson());
    ArtifactManifest.write(resume, List.of(OptimizerState.FILE, TrainingState.FILE));
    return digests;
  }

  /** Points LATEST.json at {@code dir}, then drops the resume state of older checkpoints. */
  void publish(Path dir, TrainingState state) throws IOException {
    ObjectNode latest = JSON.createObjectNode();
    latest.put("checkpoint", dir.getFileName().toString());
    latest.put("step", state.step);
    latest.put("run_id", state.runId);
    AtomicFiles.writeString(root.resolve(LATEST), latest.toString());
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path old : dirs.filter(p -> p.getFileName().toString().startsWith("step-") && !p.equals(dir)).toList()) {
        deleteTree(old.resolve(RESUME_DIR));
      }
    }
  }

  private static JsonNode readLatest(Path latest) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(Files.readString(latest, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PipelineException(STATE_INVALID, latest + " is not valid JSON: " + e.getMessage());
    }
    String name = node == null ? "" : node.path("checkpoint").asText();
    if (!name.matches("step-\\d{7,}")) {
      throw new PipelineException(STATE_INVALID, latest + " names checkpoint '" + name + "', expected step-NNNNNNN");
    }
    return node;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
