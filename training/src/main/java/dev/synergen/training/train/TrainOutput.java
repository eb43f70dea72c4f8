package dev.synergen.training.train;

import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.CheckpointMetadata;
import dev.synergen.training.weights.LatestCheckpoint;
import dev.synergen.training.worker.ExchangeStore;
import dev.synergen.training.worker.RoundPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The output directory of a training run:
 * <pre>
 * LATEST.json                      ({@link LatestCheckpoint}) the newest complete round and model checkpoint
 * step-0000400/model.safetensors   a model checkpoint ({@link Checkpoint}: weights, config.json, manifest.json)
 * rounds/                          the exchange store (default train.exchange_dir): the run's initial weights,
 *                                  and per round the global weights, outer momentum, inner optimizer states
 *                                  and the driver's state ({@code state.json}, written last)
 * </pre>
 * LATEST.json is replaced (atomically) only after a round's files and table rows are written, so a
 * crash at any point leaves it naming a complete round. Every model checkpoint stays, since the
 * {@code checkpoints} table points at it; the store keeps the last two rounds.
 */
final class TrainOutput {
  private final Path root;

  /** Where a run stands: LATEST.json and the state of the round it names. */
  record Resumable(LatestCheckpoint.Pointer pointer, TrainingState state) {}

  TrainOutput(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path checkpointDir(long step) {
    return root.resolve(String.format("step-%07d", step));
  }

  /** The newest complete round with its state; null when the directory holds no run. */
  Resumable latest(ExchangeStore store) throws IOException {
    LatestCheckpoint.Pointer pointer = LatestCheckpoint.pointer(root);
    if (pointer == null) {
      return null;
    }
    if (pointer.round() < 0) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_STATE_INVALID, root.resolve(LatestCheckpoint.FILE)
          + " names no round: the directory was written by an older version of synergen train, whose checkpoints"
          + " cannot be resumed by rounds; start the run in a new train.output (--init-checkpoint can start from"
          + " its last checkpoint)");
    }
    String file = RoundPaths.state(pointer.round());
    TrainingState state = TrainingState.fromJson(store.readString(file), store.root() + "/" + file);
    return new Resumable(pointer, state);
  }

  /** Writes a model checkpoint ({@code afterWeights}: see {@link Checkpoint#save}); returns the files' sha256 by name. */
  Map<String, String> saveModel(Path dir, SynerGenModel model, CheckpointMetadata metadata, Runnable afterWeights)
      throws IOException {
    return Checkpoint.save(model, dir, metadata.toMap(), afterWeights);
  }

  /** Points LATEST.json at the state's round and at {@code checkpoint} (the newest model checkpoint, or null). */
  void publish(Path checkpoint, TrainingState state) throws IOException {
    LatestCheckpoint.write(root, checkpoint, state.round, state.step, state.runId);
  }
}
