package dev.synergen.training.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.synergen.core.io.SafetensorsDType;
import dev.synergen.core.io.SafetensorsFile;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads checkpoints written before the special tokens had rows of their own: there {@code
 * text_embed} and {@code lm_head} held text ids and special tokens in one table, now split into
 * {@code text_embed}/{@code special_embed} and {@code lm_head}/{@code special_head} at the same ids.
 */
final class LegacyTokenRows {
  /** New tensor -> (old tensor, whether it takes the special rows after the text rows). */
  private static final Map<String, Map.Entry<String, Boolean>> SOURCES = Map.of(
      "text_embed.weight", Map.entry("text_embed.weight", false),
      "special_embed.weight", Map.entry("text_embed.weight", true),
      "lm_head.weight", Map.entry("lm_head.weight", false),
      "special_head.weight", Map.entry("lm_head.weight", true));

  private final int textVocab;
  private final int rows;

  private LegacyTokenRows(int textVocab, int rows) {
    this.textVocab = textVocab;
    this.rows = rows;
  }

  /** The reader for an old-layout file, or null when the file has the current layout. */
  static LegacyTokenRows of(SafetensorsFile file, ModelConfig config) {
    if (file.contains("special_embed.weight") || !file.contains("text_embed.weight")) {
      return null;
    }
    long[] shape = file.shape("text_embed.weight");
    return shape.length == 2 && shape[0] == config.textRows() ? new LegacyTokenRows(config.textVocab(),
        config.textRows()) : null;
  }

  boolean covers(String name) {
    return SOURCES.containsKey(name);
  }

  NDArray read(SafetensorsFile file, NDManager manager, ModelParameter p, DataType dtype) {
    Map.Entry<String, Boolean> source = SOURCES.get(p.name());
    String old = source.getKey();
    long cols = p.shape().get(1);
    if (!file.contains(old) || file.dtype(old) != SafetensorsDType.F32
        || !new Shape(file.shape(old)).equals(new Shape(rows, cols))) {
      throw TrainingErrors.error(TrainingErrors.CHECKPOINT_INVALID, file.path() + " has the old one-table layout"
          + " but its '" + old + "' is not F32 (" + rows + ", " + cols + ")");
    }
    NDIndex part = source.getValue() ? new NDIndex(textVocab + ":") : new NDIndex(":" + textVocab);
    try (NDArray mapped = manager.create(file.tensor(old).data(), new Shape(rows, cols), DataType.FLOAT32)) {
      NDArray slice = mapped.get(part);
      NDArray out = dtype == DataType.FLOAT32 ? slice.duplicate() : slice.toType(dtype, false);
      slice.close();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
