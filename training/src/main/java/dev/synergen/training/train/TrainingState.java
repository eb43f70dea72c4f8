package dev.synergen.training.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.worker.EpochPosition;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run stands, saved at the end of every round so a re-run resumes exactly: its id, the
 * Delta version of {@code sequences} it reads, its settings, the step, round and worker count, the
 * epoch and the global position in the epoch's order (all rows up to it are consumed, whatever the
 * worker count), and the running totals of the summary.
 */
final class TrainingState {
  static final String FILE = "train_state.json";
  static final String FORMAT = "synergen-train-state/2";
  private static final ObjectMapper JSON = new ObjectMapper();

  final String runId;
  final long sequencesVersion;
  final JsonNode identity;
  long step;
  /** Rounds completed (each ends with the exchange and a resumable state). */
  long round;
  /** Workers of the last completed round: the sharding of its exchange files. */
  int workers;
  int epoch;
  EpochPosition position;
  long rowsRead;
  long rowsTrained;
  long samples;
  long tokens;
  double trainMillis;
  long skippedSteps;
  double lastLoss = Double.NaN;
  double lastTextLoss = Double.NaN;
  double lastImageLoss = Double.NaN;
  final Map<String, Long> rejected = new TreeMap<>();

  TrainingState(String runId, long sequencesVersion, JsonNode identity) {
    this.runId = runId;
    this.sequencesVersion = sequencesVersion;
    this.identity = identity;
  }

  /** The settings as a JSON tree, parsed from text so that it compares equal to a tree read back from a file. */
  static JsonNode identityOf(TrainConfig config) {
    try {
      return JSON.readTree(JSON.writeValueAsString(config.identity()));
    } catch (IOException e) {
      throw new IllegalStateException("a map of plain values always serialises", e);
    }
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("run_id", runId);
    root.put("sequences_version", sequencesVersion);
    root.set("config", identity);
    root.put("step", step);
    root.put("round", round);
    root.put("workers", workers);
    root.put("epoch", epoch);
    if (position != null) {
      ObjectNode p = root.putObject("position");
      p.put("epoch", position.epoch());
      p.put("order_key", position.orderKey());
      p.put("seq_id", position.seqId());
    }
    root.put("rows_read", rowsRead);
    root.put("rows_trained", rowsTrained);
    root.put("samples", samples);
    root.put("tokens", tokens);
    root.put("train_millis", trainMillis);
    root.put("skipped_steps", skippedSteps);
    root.put("last_loss", lastLoss);
    root.put("last_text_loss", lastTextLoss);
    root.put("last_image_loss", lastImageLoss);
    ObjectNode r = root.putObject("rejected");
    rejected.forEach(r::put);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  static TrainingState fromJson(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_STATE_INVALID, source + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("run_id").isTextual()
        || !root.path("config").isObject()) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_STATE_INVALID, source + " is not a " + FORMAT + " training state");
    }
    TrainingState s = new TrainingState(root.get("run_id").asText(), root.path("sequences_version").asLong(),
        root.get("config"));
    s.step = root.path("step").asLong();
    s.round = root.path("round").asLong();
    s.workers = root.path("workers").asInt();
    s.epoch = root.path("epoch").asInt();
    JsonNode p = root.path("position");
    if (p.isObject()) {
      s.position = new EpochPosition(p.path("epoch").asInt(), p.path("order_key").asLong(), p.path("seq_id").asText());
    }
    s.rowsRead = root.path("rows_read").asLong();
    s.rowsTrained = root.path("rows_trained").asLong();
    s.samples = root.path("samples").asLong();
    s.tokens = root.path("tokens").asLong();
    s.trainMillis = root.path("train_millis").asDouble();
    s.skippedSteps = root.path("skipped_steps").asLong();
    s.lastLoss = root.path("last_loss").asDouble(Double.NaN);
    s.lastTextLoss = root.path("last_text_loss").asDouble(Double.NaN);
    s.lastImageLoss = root.path("last_image_loss").asDouble(Double.NaN);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("rejected").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      s.rejected.put(e.getKey(), e.getValue().asLong());
    }
    return s;
  }

  /** Refuses to resume with settings that differ from the saved ones, naming each difference. */
  void requireSameIdentity(TrainConfig config, String outputDir) {
    JsonNode given = identityOf(config);
    StringBuilder diff = new StringBuilder();
    for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!given.get(key).equals(identity.get(key))) {
        diff.append(diff.length() == 0 ? "" : "; ").append(key).append(" was ").append(identity.get(key))
            .append(", now ").append(given.get(key));
      }
    }
    if (diff.length() > 0) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_RESUME_MISMATCH, outputDir + " holds run " + runId + " at step " + step
          + " with other settings (" + diff + "); re-run with the same settings to resume it, or choose another"
          + " train.output for a new run");
    }
  }
}
