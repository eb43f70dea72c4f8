package dev.synergen.training.train;

import static dev.synergen.training.train.TrainErrors.STATE_INVALID;

import dev.synergen.core.PipelineException;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsDType;
import dev.synergen.core.io.SafetensorsFile;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.optim.AdamW;
import dev.synergen.training.weights.TensorConversion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AdamW's state as safetensors: {@code m.<parameter>} and {@code v.<parameter>} (float32) for every
 * parameter it updates, and the step count in the header. Restoring it makes a resumed run take
 * exactly the updates the uninterrupted run would have taken.
 */
final class OptimizerState {
  static final String FILE = "optimizer.safetensors";
  static final String FORMAT = "synergen-adamw/1";

  private OptimizerState() {}

  static void save(AdamW adam, Path file) throws IOException {
    List<SafetensorsTensor> tensors = new ArrayList<>();
    List<ModelParameter> parameters = adam.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      tensors.add(TensorConversion.toSafetensors("m." + parameters.get(i).name(), adam.firstMoment(i)));
      tensors.add(TensorConversion.toSafetensors("v." + parameters.get(i).name(), adam.secondMoment(i)));
    }
    Safetensors.write(file, tensors, Map.of("format", FORMAT, "steps", Long.toString(adam.steps())));
  }

  /** Loads the moments and step count into a fresh optimizer over the same trainable parameters. */
  static void restore(AdamW adam, Path file) throws IOException {
    try (SafetensorsFile saved = Safetensors.open(file)) {
      Map<String, String> meta = saved.metadata();
      if (meta == null || !FORMAT.equals(meta.get("format")) || !meta.containsKey("steps")) {
        throw new PipelineException(STATE_INVALID, file + " is not a " + FORMAT + " optimizer state");
      }
      List<ModelParameter> parameters = adam.parameters();
      Set<String> expected = new HashSet<>();
      for (ModelParameter p : parameters) {
        expected.add("m." + p.name());
        expected.add("v." + p.name());
      }
      Set<String> found = new HashSet<>(saved.names());
      if (!found.equals(expected)) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(found);
        found.removeAll(expected);
        throw new PipelineException(STATE_INVALID, file + " holds the state of other parameters than the ones this"
            + " stage trains: missing " + first(missing) + ", unexpected " + first(found)
            + "; the checkpoint was written by a run with another stage or model");
      }
      for (int i = 0; i < parameters.size(); i++) {
        ModelParameter p = parameters.get(i);
        adam.firstMoment(i).set(values(saved, "m." + p.name(), p));
        adam.secondMoment(i).set(values(saved, "v." + p.name(), p));
      }
      adam.restoreSteps(Long.parseLong(meta.get("steps")));
    }
  }

  private static float[] values(SafetensorsFile file, String name, ModelParameter p) throws IOException {
    if (file.dtype(name) != SafetensorsDType.F32 || !Arrays.equals(file.shape(name), p.shape().getShape())) {
      throw new PipelineException(STATE_INVALID, file.path() + " tensor '" + name + "' is " + file.dtype(name) + " "
          + Arrays.toString(file.shape(name)) + ", the parameter is F32 " + p.shape());
    }
    return file.tensor(name).toFloats();
  }

  private static String first(Set<String> names) {
    return names.isEmpty() ? "none" : names.stream().sorted().limit(3).toList().toString();
  }
}
