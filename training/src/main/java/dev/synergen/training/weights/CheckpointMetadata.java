package dev.synergen.training.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.training.TrainingErrors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a training run records in the safetensors header of each model checkpoint it writes: the
 * run, stage, preset and step, the tokenizers (directory and versions) the model's ids belong to,
 * the Delta versions of the tables it read, and its settings. Inference reloads the tokenizers from
 * here and refuses ones whose versions differ.
 */
public record CheckpointMetadata(String runId, String stage, String preset, long step, int round,
    String tokenizerDir, String textTokenizer, String imageTokenizer, Map<String, Long> sourceVersions,
    String trainConfig) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public CheckpointMetadata {
    sourceVersions = java.util.Collections.unmodifiableMap(new TreeMap<>(sourceVersions));
  }

  /** The header entries (string values, as safetensors metadata requires). */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("stage", stage);
    m.put("preset", preset);
    m.put("step", Long.toString(step));
    m.put("round", Integer.toString(round));
    m.put("tokenizer_dir", tokenizerDir);
    m.put("text_tokenizer", textTokenizer);
    m.put("image_tokenizer", imageTokenizer);
    try {
      m.put("source_versions", JSON.writeValueAsString(sourceVersions));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of longs always serialises", e);
    }
    m.put("train_config", trainConfig);
    return m;
  }

  /**
   * The metadata in a checkpoint's safetensors header; null when the checkpoint was not written by
   * a training run (a benchmark or a test saved it without tokenizer records).
   */
  static CheckpointMetadata fromHeader(Map<String, String> m, Path checkpointDir) {
    if (m == null || !m.containsKey("text_tokenizer") || !m.containsKey("image_tokenizer")) {
      return null;
    }
    try {
      Map<String, Long> versions = m.containsKey("source_versions")
          ? JSON.readValue(m.get("source_versions"), new TypeReference<Map<String, Long>>() {}) : Map.of();
      return new CheckpointMetadata(m.get("run_id"), m.get("stage"), m.get("preset"),
          Long.parseLong(m.getOrDefault("step", "0")), Integer.parseInt(m.getOrDefault("round", "0")),
          m.get("tokenizer_dir"), m.get("text_tokenizer"), m.get("image_tokenizer"), versions, m.get("train_config"));
    } catch (JsonProcessingException | NumberFormatException e) {
      throw TrainingErrors.error(TrainingErrors.CHECKPOINT_INVALID, checkpointDir + " has malformed training metadata: "
          + e.getMessage());
    }
  }
}
