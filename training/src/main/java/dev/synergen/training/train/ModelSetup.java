package dev.synergen.training.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.LlamaImport;
import dev.synergen.training.weights.LlmDirectory;
import dev.synergen.training.weights.TokenizerDir;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The model a run starts from, checked against the tokenizers before any weight is allocated: the
 * checkpoint it resumes, else an init checkpoint (a stage started from the previous one), else an
 * imported Llama/InternLM2 LLM, else the seeded initialisation of the preset. Each checkpoint is
 * opened (verified) once and its weights read once.
 */
final class ModelSetup {
  private final TrainConfig config;
  private final Checkpoint source;
  private final LlmDirectory llm;
  private final ModelConfig model;

  private ModelSetup(TrainConfig config, Checkpoint source, LlmDirectory llm, ModelConfig model) {
    this.config = config;
    this.source = source;
    this.llm = llm;
    this.model = model;
  }

  /**
   * Decides the model of a new run: the init checkpoint's, else an imported LLM's decoder with the
   * preset's image grid and unfolding head, else the preset's.
   */
  static ModelSetup forNewRun(TrainConfig config, TokenizerDir tokenizers) throws IOException {
    Checkpoint source = config.initCheckpoint() != null ? Checkpoint.open(Path.of(config.initCheckpoint())) : null;
    LlmDirectory llm = null;
    ModelConfig model;
    if (source == null && config.initLlama() != null) {
      llm = LlmDirectory.open(Path.of(config.initLlama()));
      tokenizers.requireLlmTokenizer(llm.tokenizer().version(), llm.dir());
      ModelConfig preset = tokenizers.preset(config.preset());
      model = llm.modelConfig(preset.grid(), preset.headLayers());
    } else if (source != null) {
      model = source.config();
      requirePreset(config, model, "checkpoint " + source.dir());
      if (source.metadata() != null) {
        tokenizers.requireVersions(source.metadata().textTokenizer(), source.metadata().imageTokenizer(),
            "checkpoint " + source.dir());
      }
    } else {
      model = tokenizers.preset(config.preset());
    }
    tokenizers.requireFits(model, "model preset " + config.preset());
    return new ModelSetup(config, source, llm, model);
  }

  /** The model of a resumed run, as its first round recorded it; checked against the settings and tokenizers. */
  static ModelConfig forResume(TrainConfig config, TokenizerDir tokenizers, String recordedJson, String where) {
    ModelConfig model = ModelConfig.fromJson(recordedJson);
    requirePreset(config, model, where);
    tokenizers.requireFits(model, "the model of " + where);
    return model;
  }

  private static void requirePreset(TrainConfig config, ModelConfig model, String where) {
    String preset = model.name().split("-", 2)[0];
    // an imported LLM's model has its own shape; the preset named only its image grid and head
    if (!preset.equals("llm") && !preset.equals(config.preset())) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_CONFIG_INVALID, where + " holds a '" + model.name()
          + "' model but train.preset is '" + config.preset() + "'; pass --preset " + preset);
    }
  }

  /** The config the run trains. */
  ModelConfig model() {
    return model;
  }

  /** Refuses sizes that cannot train on the device (the paper config needs GPUs: DESIGN section 10). */
  static void requireTrainable(ModelConfig model, Device device) {
    if (model.name().startsWith("paper") && !device.isGpu()) {
      long params = SynerGenModel.count(model).total();
      throw TrainingErrors.error(TrainingErrors.TRAIN_MODEL_TOO_LARGE, "preset " + model.name() + " has " + params
          + " parameters: float32 weights, gradients and AdamW state need about " + params * 16 / (1L << 30)
          + " GiB and a step takes minutes on " + device + "; train it on GPU executors (device gpu) or use preset"
          + " small");
    }
  }

  /** Allocates and fills the model on the manager's device. */
  SynerGenModel create(NDManager manager) throws IOException {
    if (source != null) {
      return source.load(manager);
    }
    if (llm != null) {
      return LlamaImport.load(llm, model, manager, config.seed());
    }
    return SynerGenModel.create(model).initialize(manager, config.seed());
  }
}
