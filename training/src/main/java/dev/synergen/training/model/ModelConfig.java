package dev.synergen.training.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;

/**
 * Shape of a SynerGen model: an InternLM2/Llama-style decoder (RMSNorm, RoPE, grouped-query
 * attention, SwiGLU) with text and image FFN experts per layer, token folding of the image grid
 * and an unfolding head of {@code headLayers} layers with the same micro-architecture.
 *
 * <p>The code embedding, the folding MLP hidden layer and the head all use width {@code hidden}.
 */
public record ModelConfig(
    String name,
    int textVocab,
    int hidden,
    int layers,
    int heads,
    int kvHeads,
    int ffnHidden,
    int headLayers,
    int headFfnHidden,
    double ropeTheta,
    double normEps,
    int maxPositions,
    ImageGrid grid) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public ModelConfig {
    if (name == null || name.isBlank()) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "name must be non-empty");
    }
    if (grid == null) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "grid is required");
    }
    atLeast("textVocab", textVocab, 1);
    atLeast("hidden", hidden, 2);
    atLeast("layers", layers, 1);
    atLeast("heads", heads, 1);
    atLeast("kvHeads", kvHeads, 1);
    atLeast("ffnHidden", ffnHidden, 1);
    atLeast("headLayers", headLayers, 0);
    atLeast("headFfnHidden", headFfnHidden, 1);
    atLeast("maxPositions", maxPositions, 2);
    if (hidden % heads != 0 || (hidden / heads) % 2 != 0) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "hidden " + hidden + " must split into " + heads
          + " heads of an even size (rotary embeddings rotate pairs); got head size " + (double) hidden / heads);
    }
    if (heads % kvHeads != 0) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "heads " + heads + " must be a multiple of kvHeads " + kvHeads
          + " (grouped-query attention shares each KV head by a whole group)");
    }
    if (!(ropeTheta > 1) || !(normEps > 0)) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "ropeTheta must be > 1 and normEps > 0, got " + ropeTheta + ", " + normEps);
    }
    // Validates the id space fits in int ids.
    new VocabularyLayout(textVocab, grid.codebookSize());
  }

  /**
   * Unit tests: d=64, 2 layers, 32x32 px, downsample 4 -> 8x8 codes, codebook 256, fold 2x4
   * (8 positions per image), 1-layer head. 373,888 parameters plus 2 x 64 x (textVocab + 6).
   */
  public static ModelConfig tiny(int textVocab) {
    return new ModelConfig("tiny", textVocab, 64, 2, 4, 2, 256, 1, 256, 10_000, 1e-5, 512,
        new ImageGrid(32, 32, 4, 256, 2, 4));
  }

  /**
   * The demo: d=256, 6 layers (8 heads, 4 KV heads), FFN 1024, 64x64 px, downsample 4 -> 16x16
   * codes, codebook 1024, fold 2x4 (32 positions per image), 2-layer unfolding head. About 14.0M
   * parameters plus 2 x 256 x (textVocab + 6) (16.1M with a 4096-id text vocabulary).
   */
  public static ModelConfig small(int textVocab) {
    return new ModelConfig("small", textVocab, 256, 6, 8, 4, 1024, 2, 1024, 10_000, 1e-5, 1024,
        new ImageGrid(64, 64, 4, 1024, 2, 4));
  }

  /**
   * InternLM2-1.8B dimensions plus vision experts (DESIGN section 6): hidden 2048, 24 layers, 16
   * heads (8 KV), FFN 8192, text vocab 92544, Emu3-style VQ (512 px, downsample 8, codebook
   * 32768), fold 2x8, 4-layer unfolding head. 3,629,826,048 parameters (3.63B), 2.42B active per
   * token (the paper: 3.6B / 2.4B).
   */
  public static ModelConfig paper() {
    return new ModelConfig("paper", 92_544, 2048, 24, 16, 8, 8192, 4, 8192, 1_000_000, 1e-5, 4096,
        new ImageGrid(512, 512, 8, 32_768, 2, 8));
  }

  /** A preset by name; {@code textVocab} applies to tiny and small (paper fixes InternLM2's). */
  public static ModelConfig preset(String preset, int textVocab) {
    return switch (preset) {
      case "tiny" -> tiny(textVocab);
      case "small" -> small(textVocab);
      case "paper" -> paper();
      default -> throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "unknown model preset '" + preset
          + "'; expected one of tiny, small, paper");
    };
  }

  public int headDim() {
    return hidden / heads;
  }

  public int kvDim() {
    return kvHeads * headDim();
  }

  /** The unified id space this model reads and writes. */
  public VocabularyLayout vocabulary() {
    return new VocabularyLayout(textVocab, grid.codebookSize());
  }

  /** Rows of the text embedding and LM head: text ids plus special tokens. */
  public int textRows() {
    return vocabulary().textAndSpecialSize();
  }

  /** The same model on a square image grid of another tokenizer; its fold window is kept. */
  public ModelConfig withImageGrid(int imageSize, int downsample, int codebookSize) {
    return new ModelConfig(name, textVocab, hidden, layers, heads, kvHeads, ffnHidden, headLayers, headFfnHidden, ropeTheta,
        normEps, maxPositions, new ImageGrid(imageSize, imageSize, downsample, codebookSize, grid.foldH(), grid.foldW()));
  }

  /** The same model with another fold window; {@code headLayers} as given (0 for plain AR). */
  public ModelConfig withFold(int foldH, int foldW, int newHeadLayers) {
    return new ModelConfig(name + "-fold" + foldH + "x" + foldW, textVocab, hidden, layers, heads, kvHeads, ffnHidden,
        newHeadLayers, headFfnHidden, ropeTheta, normEps, maxPositions, grid.withFold(foldH, foldW));
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a validated config always serialises", e);
    }
  }

  public static ModelConfig fromJson(String json) {
    try {
      return JSON.readValue(json, ModelConfig.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof PipelineException p) {
        throw p;
      }
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "model config JSON is malformed: " + e.getOriginalMessage());
    }
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, field + " must be >= " + min + ", got " + value);
    }
  }
}
