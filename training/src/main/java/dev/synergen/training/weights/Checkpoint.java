package dev.synergen.training.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.synergen.core.io.ArtifactManifest;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsDType;
import dev.synergen.core.io.SafetensorsFile;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.SynerGenModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model checkpoint directory, opened and verified once: {@code model.safetensors} (float32,
 * keys = parameter names; the training metadata in its header), {@code config.json} (the {@link
 * ModelConfig}) and {@code manifest.json} (sha256 per file, written last). {@link #open} checks the
 * manifest (one read of the weights), then config and metadata come from memory and {@link #load}
 * reads the weights without hashing them again. Loading requires exactly the model's tensors with
 * exactly its shapes.
 *
 * <p>Saving holds one float32 host copy of all weights at once: fine up to the small config; the
 * paper config needs about 15 GB of JVM heap for it.
 */
public final class Checkpoint {
  public static final String WEIGHTS = "model.safetensors";
  public static final String CONFIG = "config.json";
  public static final String FORMAT = "synergen-model/1";

  private final Path dir;
  private final ModelConfig config;
  private final CheckpointMetadata metadata;
  private final Map<String, String> digests;

  private Checkpoint(Path dir, ModelConfig config, CheckpointMetadata metadata, Map<String, String> digests) {
    this.dir = dir;
    this.config = config;
    this.metadata = metadata;
    this.digests = Map.copyOf(digests);
  }

  /**
   * Opens a checkpoint directory, or a training output directory (then its newest checkpoint per
   * LATEST.json), verifying every file against the manifest.
   */
  public static Checkpoint open(Path dirOrRun) throws IOException {
    Path dir = dirOrRun.toAbsolutePath().normalize();
    if (LatestCheckpoint.isRunDirectory(dir)) {
      Path latest = LatestCheckpoint.read(dir);
      if (latest == null) {
        throw TrainingErrors.error(TrainingErrors.CHECKPOINT_INVALID, dir + " is a training run without a model"
            + " checkpoint yet; wait for its first checkpoint (train.checkpoint_every) or its end");
      }
      dir = latest;
    }
    Map<String, String> digests = ArtifactManifest.verify(dir);
    if (!digests.containsKey(WEIGHTS) || !digests.containsKey(CONFIG)) {
      throw TrainingErrors.error(TrainingErrors.CHECKPOINT_INVALID, dir + " is not a model checkpoint: its manifest"
          + " lists " + digests.keySet() + ", expected " + WEIGHTS + " and " + CONFIG);
    }
    ModelConfig config = ModelConfig.fromJson(Files.readString(dir.resolve(CONFIG), StandardCharsets.UTF_8));
    Map<String, String> header;
    try (SafetensorsFile file = Safetensors.open(dir.resolve(WEIGHTS))) {
      header = file.metadata();
    }
    return new Checkpoint(dir, config, CheckpointMetadata.fromHeader(header, dir), digests);
  }

  /** Writes the checkpoint; returns the sha256 of each file. Extra metadata goes into the safetensors header. */
  public static Map<String, String> save(SynerGenModel model, Path dir, Map<String, String> metadata)
      throws IOException {
    return save(model, dir, metadata, () -> { });
  }

  /**
   * As above; {@code afterWeights} runs once the weights file is in place and before the config and
   * the manifest are (crash drills stop the process there: a checkpoint without its manifest).
   */
  public static Map<String, String> save(SynerGenModel model, Path dir, Map<String, String> metadata,
      Runnable afterWeights) throws IOException {
    Files.createDirectories(dir);
    // a stale manifest must never vouch for a half-replaced checkpoint
    Files.deleteIfExists(dir.resolve(ArtifactManifest.FILE_NAME));
    Map<String, String> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
    meta.put("format", FORMAT);
    writeWeights(model, dir.resolve(WEIGHTS), meta);
    afterWeights.run();
    AtomicFiles.writeString(dir.resolve(CONFIG), model.config().toJson());
    return ArtifactManifest.write(dir, List.of(WEIGHTS, CONFIG));
  }

  /**
   * The model's parameters alone, under their checkpoint names, as one safetensors file (with the
   * preset's name as {@code config} beside {@code metadata}): what an outside reader of the weights needs.
   */
  public static void writeWeights(SynerGenModel model, Path file, Map<String, String> metadata) throws IOException {
    List<SafetensorsTensor> tensors = new ArrayList<>();
    for (ModelParameter p : model.parameters()) {
      tensors.add(TensorConversion.toSafetensors(p.name(), p.array()));
    }
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("config", model.config().name());
    Safetensors.write(file, tensors, meta);
  }

  /** The checkpoint directory (resolved from a run directory when one was given). */
  public Path dir() {
    return dir;
  }

  public ModelConfig config() {
    return config;
  }

  /** What the training run recorded, or null for a checkpoint saved outside {@code synergen train}. */
  public CheckpointMetadata metadata() {
    return metadata;
  }

  /** The sha256 of each file, as verified by {@link #open}. */
  public Map<String, String> digests() {
    return digests;
  }

  /** The sha256 of the weights file: the checkpoint's identity in tables and reports. */
  public String weightsSha256() {
    return digests.get(WEIGHTS);
  }

  /** Loads a float32 model onto the manager's device. */
  public SynerGenModel load(NDManager manager) throws IOException {
    return load(manager, DataType.FLOAT32);
  }

  public SynerGenModel load(NDManager manager, DataType dtype) throws IOException {
    SynerGenModel model = SynerGenModel.create(config);
    try (SafetensorsFile file = Safetensors.open(dir.resolve(WEIGHTS))) {
      Set<String> expected = new HashSet<>();
      for (ModelParameter p : model.parameters()) {
        expected.add(p.name());
      }
      LegacyTokenRows legacy = LegacyTokenRows.of(file, config);
      for (String name : file.names()) {
        if (!expected.contains(name)) {
          throw TrainingErrors.error(TrainingErrors.CHECKPOINT_INVALID, dir.resolve(WEIGHTS) + " has tensor '" + name
              + "' that model " + config.name() + " does not have; config.json and weights disagree");
        }
      }
      model.initialize(manager, dtype, (m, p, dt) -> legacy != null && legacy.covers(p.name())
          ? legacy.read(file, m, p, dt) : read(file, m, p, dt));
    } catch (UncheckedIOException e) {
      model.close();
      throw e.getCause();
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  private static NDArray read(SafetensorsFile file, NDManager manager, ModelParameter p, DataType dtype) {
    if (!file.contains(p.name())) {
      throw TrainingErrors.error(TrainingErrors.CHECKPOINT_INVALID, file.path() + " lacks tensor '" + p.name() + "' "
          + p.shape());
    }
    Shape shape = new Shape(file.shape(p.name()));
    if (file.dtype(p.name()) != SafetensorsDType.F32 || !shape.equals(p.shape())) {
      throw TrainingErrors.error(TrainingErrors.CHECKPOINT_INVALID, file.path() + " tensor '" + p.name() + "' is "
          + file.dtype(p.name()) + " " + shape + ", the config needs F32 " + p.shape());
    }
    try {
      // DJL wraps a direct buffer without copying: clone so weights never alias the read-only mapping
      try (NDArray mapped = manager.create(file.tensor(p.name()).data(), shape, DataType.FLOAT32)) {
        return dtype == DataType.FLOAT32 ? mapped.duplicate() : mapped.toType(dtype, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
