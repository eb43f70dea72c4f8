package dev.synergen.tokenization.vq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Architecture of the VQ image tokenizer: square RGB images of {@code imageSize} pixels become a
 * {@code grid x grid} array of codes from a codebook of {@code codebookSize} vectors of
 * {@code codeDim} floats, with {@code grid = imageSize / downsample}.
 *
 * <p>The encoder has one level per factor of two: level {@code i} works at
 * {@code imageSize / 2^i} pixels with {@code baseChannels * channelMultipliers[i]} channels, so
 * {@code channelMultipliers} has {@code log2(downsample) + 1} entries; {@code resBlocks} residual
 * blocks run at the code resolution in the encoder and again in the decoder.
 */
public record VqConfig(
    int imageSize,
    int downsample,
    int codebookSize,
    int codeDim,
    int baseChannels,
    List<Integer> channelMultipliers,
    int resBlocks) {

  private static final Set<String> JSON_KEYS = Set.of("image_size", "downsample", "codebook_size", "code_dim",
      "base_channels", "channel_multipliers", "res_blocks");

  public VqConfig {
    if (downsample < 2 || Integer.bitCount(downsample) != 1 || downsample > 64) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "downsample must be a power of two in [2, 64] (4 and 8 are the usual choices), got "
          + downsample);
    }
    if (imageSize < downsample || imageSize % downsample != 0 || imageSize > 4096) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "imageSize must be a multiple of downsample " + downsample + " and at most 4096, got "
          + imageSize);
    }
    if (codebookSize < 2 || codebookSize > (1 << 20)) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "codebookSize must be in [2, 1048576], got " + codebookSize);
    }
    if (codeDim < 1 || codeDim > 1024) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "codeDim must be in [1, 1024], got " + codeDim);
    }
    if (baseChannels < 1 || baseChannels > 4096) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "baseChannels must be in [1, 4096], got " + baseChannels);
    }
    if (channelMultipliers == null) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "channelMultipliers is required");
    }
    channelMultipliers = List.copyOf(channelMultipliers);
    int levels = Integer.numberOfTrailingZeros(downsample) + 1;
    if (channelMultipliers.size() != levels) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "channelMultipliers needs log2(downsample) + 1 = " + levels + " entries for downsample "
          + downsample + ", got " + channelMultipliers.size() + " " + channelMultipliers);
    }
    for (int m : channelMultipliers) {
      if (m < 1 || (long) m * baseChannels > 8192) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "every channel multiplier must be >= 1 with baseChannels * multiplier <= 8192, got "
            + channelMultipliers + " x " + baseChannels);
      }
    }
    if (resBlocks < 0 || resBlocks > 64) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "resBlocks must be in [0, 64], got " + resBlocks);
    }
  }

  /** Unit tests: 32 x 32 px, 8 x 8 codes from 256 entries; 107k trained parameters, seconds on a CPU. */
  public static VqConfig tiny() {
    return new VqConfig(32, 4, 256, 16, 16, List.of(1, 2, 2), 1);
  }

  /**
   * The demo: 64 x 64 px, 16 x 16 codes from 1024 entries; 1.23M trained parameters (encoder 0.50M,
   * decoder 0.74M), 28.7 dB held-out PSNR after 10 minutes on 2 CPU cores (see VqBenchmark).
   */
  public static VqConfig small() {
    return new VqConfig(64, 4, 1024, 32, 32, List.of(1, 2, 4), 2);
  }

  /**
   * The paper's tokenizer shape (Emu3's VQ: 512 x 512 px, downsample 8, 32768 codes of dimension 4);
   * configuration only, for shape checks and GPU clusters. Its 22.4M trained parameters make it far
   * smaller than Emu3's own tokenizer: the code grid and codebook match, the capacity does not.
   */
  public static VqConfig paper() {
    return new VqConfig(512, 8, 32768, 4, 128, List.of(1, 2, 2, 4), 2);
  }

  /** The same tokenizer for square images of another side (validated like any config). */
  public VqConfig withImageSize(int side) {
    return new VqConfig(side, downsample, codebookSize, codeDim, baseChannels, channelMultipliers, resBlocks);
  }

  /** Codes per side of the grid. */
  public int gridSize() {
    return imageSize / downsample;
  }

  public int codesPerImage() {
    return gridSize() * gridSize();
  }

  /** Number of factor-two downsampling levels. */
  public int levels() {
    return channelMultipliers.size() - 1;
  }

  /** Channels at level {@code i} (resolution {@code imageSize / 2^i}). */
  public int channels(int level) {
    return baseChannels * channelMultipliers.get(level);
  }

  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("image_size", imageSize);
    node.put("downsample", downsample);
    node.put("codebook_size", codebookSize);
    node.put("code_dim", codeDim);
    node.put("base_channels", baseChannels);
    var mult = node.putArray("channel_multipliers");
    channelMultipliers.forEach(mult::add);
    node.put("res_blocks", resBlocks);
    return node;
  }

  /** Parses {@link #toJson()}'s form; unknown or missing keys are errors, not defaults. */
  public static VqConfig fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "VQ config must be a JSON object, got " + node);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!JSON_KEYS.contains(key)) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "unknown VQ config key '" + key + "'; expected keys are " + JSON_KEYS);
      }
    }
    JsonNode mult = node.get("channel_multipliers");
    if (mult == null || !mult.isArray()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "VQ config key 'channel_multipliers' must be an array of ints, got " + mult);
    }
    List<Integer> multipliers = new ArrayList<>();
    mult.forEach(m -> multipliers.add(intValue(m, "channel_multipliers[]")));
    return new VqConfig(intField(node, "image_size"), intField(node, "downsample"), intField(node, "codebook_size"),
        intField(node, "code_dim"), intField(node, "base_channels"), multipliers, intField(node, "res_blocks"));
  }

  private static int intField(JsonNode node, String key) {
    if (!node.has(key)) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "VQ config is missing key '" + key + "'");
    }
    return intValue(node.get(key), key);
  }

  private static int intValue(JsonNode value, String key) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "VQ config key '" + key + "' must be an int, got " + value);
    }
    return value.asInt();
  }
}
