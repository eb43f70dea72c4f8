package dev.synergen.tokenization.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.synergen.core.io.SafetensorsDType;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parameters of a block tree under stable dotted names such as {@code encoder.down0.weight}:
 * the child names chosen in the blocks, without the ordinal DJL puts in front of each child.
 */
final class BlockParameters {
  private BlockParameters() {}

  static Map<String, Parameter> named(Block block) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect(block, "", out);
    return out;
  }

  private static void collect(Block block, String prefix, Map<String, Parameter> out) {
    for (var p : block.getDirectParameters()) {
      out.put(prefix + p.getKey(), p.getValue());
    }
    for (var child : block.getChildren()) {
      // DJL names children "%02d" + name; the ordinal is an implementation detail, not part of the format
      String name = child.getKey().replaceFirst("^\\d{2}", "");
      collect(child.getValue(), prefix + name + ".", out);
    }
  }

  static List<SafetensorsTensor> toTensors(Map<String, Parameter> parameters) {
    List<SafetensorsTensor> out = new ArrayList<>();
    parameters.forEach((name, p) -> out.add(toTensor(name, p.getArray())));
    return out;
  }

  static SafetensorsTensor toTensor(String name, NDArray array) {
    return SafetensorsTensor.ofFloats(name, array.getShape().getShape(), array.toFloatArray());
  }

  /** Copies tensors into the parameters; names, shapes and dtypes must match exactly. */
  static void load(Map<String, Parameter> parameters, Map<String, SafetensorsTensor> tensors, String what) {
    if (!parameters.keySet().equals(tensors.keySet())) {
      TreeSet<String> missing = new TreeSet<>(parameters.keySet());
      missing.removeAll(tensors.keySet());
      TreeSet<String> unexpected = new TreeSet<>(tensors.keySet());
      unexpected.removeAll(parameters.keySet());
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, what + " does not match the configured model: missing tensors " + missing
          + ", unexpected tensors " + unexpected + "; load it with the config it was saved with");
    }
    parameters.forEach((name, p) -> copyInto(p.getArray(), tensors.get(name), what));
  }

  static void copyInto(NDArray target, SafetensorsTensor tensor, String what) {
    long[] expected = target.getShape().getShape();
    if (tensor.dtype() != SafetensorsDType.F32 || !Arrays.equals(expected, tensor.shape())) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, what + " tensor '" + tensor.name() + "' is " + tensor.dtype()
          + Arrays.toString(tensor.shape()) + " but the model needs F32" + Arrays.toString(expected));
    }
    float[] values = tensor.toFloats();
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, what + " tensor '" + tensor.name() + "' holds " + values[i] + " at element " + i
            + "; the checkpoint was saved from a diverged run or is corrupt");
      }
    }
    target.set(values);
  }
}
