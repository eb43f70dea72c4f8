package dev.synergen.training.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.synergen.core.PipelineException;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.LlamaImport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The model a run starts from, checked against the tokenizers before any weight is allocated: the
 * checkpoint it resumes, else an init checkpoint (a stage started from the previous one), else an
 * imported Llama/InternLM2 LLM, else the seeded initialisation of the preset.
 */
final class ModelSetup {
  private ModelSetup() {}

  /** The config the run trains, from the resumed or init checkpoint or from the preset. */
  static ModelConfig config(TrainConfig config, TokenizerDir tokenizers, Path resumeFrom) throws IOException {
    Path source = resumeFrom != null ? resumeFrom : config.initCheckpoint() != null ? Path.of(config.initCheckpoint())
        : null;
    ModelConfig model;
    if (source != null) {
      model = Checkpoint.readConfig(source);
      String preset = model.name().split("-", 2)[0];
      if (!preset.equals(config.preset())) {
        throw new PipelineException(TrainErrors.CONFIG_INVALID, "checkpoint " + source + " holds a '" + model.name()
            + "' model but train.preset is '" + config.preset() + "'; pass --preset " + preset);
      }
      CheckpointMetadata meta = CheckpointMetadata.read(source);
      if (meta != null) {
        tokenizers.requireVersions(meta.textTokenizer(), meta.imageTokenizer(), "checkpoint " + source);
      }
    } else {
      model = ModelConfig.preset(config.preset(), tokenizers.remap().size());
    }
    tokenizers.requireFits(model, "model preset " + config.preset());
    return model;
  }

  /** Refuses sizes that cannot train on the device (the paper config needs GPUs: DESIGN section 10). */
  static void requireTrainable(ModelConfig model, Device device) {
    if (model.name().startsWith("paper") && !device.isGpu()) {
      long params = SynerGenModel.count(model).total();
      throw new PipelineException(TrainErrors.MODEL_TOO_LARGE, "preset " + model.name() + " has " + params
          + " parameters: float32 weights, gradients and AdamW state need about " + params * 16 / (1L << 30)
          + " GiB and a step takes minutes on " + device + "; train it on GPU executors (device gpu) or use preset"
          + " small");
    }
  }

  /** Allocates and fills the model on the manager's device. */
  static SynerGenModel create(TrainConfig config, ModelConfig model, Path resumeFrom, NDManager manager)
      throws IOException {
    if (resumeFrom != null) {
      return Checkpoint.load(resumeFrom, manager);
    }
    if (config.initCheckpoint() != null) {
      return Checkpoint.load(Path.of(config.initCheckpoint()), manager);
    }
    if (!config.initLlama().isEmpty()) {
      List<Path> files = config.initLlama().stream().map(Path::of).toList();
      return LlamaImport.load(model, files, manager, config.seed());
    }
    return SynerGenModel.create(model).initialize(manager, config.seed());
  }
}
