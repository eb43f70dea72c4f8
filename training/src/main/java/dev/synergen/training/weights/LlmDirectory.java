package dev.synergen.training.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.tokenization.text.HfTextTokenizer;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.ModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Hugging Face model directory of a Llama- or InternLM2-format LLM, read and checked before any
 * weight is touched: {@code config.json} (shapes, RoPE, norm, tied embeddings), the safetensors
 * weights (one file, several, or shards named by {@code model.safetensors.index.json}) and the
 * LLM's own {@code tokenizer.json}. Options the SynerGen architecture cannot honour (scaled RoPE,
 * biases, another activation) are refused with the key that asks for them.
 */
public record LlmDirectory(Path dir, Format format, int vocabSize, int hidden, int layers, int heads, int kvHeads,
    int intermediate, double ropeTheta, double normEps, int maxPositions, boolean tiedEmbeddings,
    List<Path> weightFiles) {
  /** The index file of sharded checkpoints. */
  public static final String INDEX_FILE = "model.safetensors.index.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tensor naming of the source checkpoint. */
  public enum Format { LLAMA, INTERNLM2 }

  public LlmDirectory {
    weightFiles = List.copyOf(weightFiles);
  }

  public static LlmDirectory open(Path dir) throws IOException {
    Path configFile = dir.resolve(HfTextTokenizer.CONFIG_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw invalid(dir + " has no config.json; pass the directory of a Hugging Face model (config.json,"
          + " tokenizer.json, *.safetensors)");
    }
    JsonNode c;
    try {
      c = JSON.readTree(Files.readString(configFile, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw invalid(configFile + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (c == null || !c.isObject()) {
      throw invalid(configFile + " is not a JSON object");
    }
    String type = c.path("model_type").asText("").toLowerCase(Locale.ROOT);
    Format format = switch (type) {
      case "llama", "mistral" -> Format.LLAMA;
      case "internlm2" -> Format.INTERNLM2;
      default -> throw invalid(configFile + " has model_type '" + type + "'; only llama (and mistral without"
          + " sliding windows) and internlm2 checkpoints can be imported");
    };
    String act = c.path("hidden_act").asText("silu");
    if (!act.equals("silu")) {
      throw invalid(configFile + " has hidden_act '" + act + "'; the SynerGen FFN is SwiGLU (silu)");
    }
    for (String key : List.of("attention_bias", "mlp_bias", "bias")) {
      if (c.path(key).asBoolean(false)) {
        throw invalid(configFile + " sets " + key + ": true; SynerGen projections have no biases");
      }
    }
    if (c.hasNonNull("rope_scaling")) {
      throw invalid(configFile + " sets rope_scaling " + c.get("rope_scaling")
          + "; only plain RoPE is implemented (import a model without scaled RoPE)");
    }
    if (c.hasNonNull("sliding_window") && format == Format.LLAMA && type.equals("mistral")) {
      throw invalid(configFile + " sets sliding_window " + c.get("sliding_window")
          + "; SynerGen attention is full causal attention");
    }
    int hidden = positive(c, "hidden_size", configFile);
    int heads = positive(c, "num_attention_heads", configFile);
    int kvHeads = c.has("num_key_value_heads") ? positive(c, "num_key_value_heads", configFile) : heads;
    if (c.has("head_dim") && !c.get("head_dim").isNull() && c.get("head_dim").asInt() * heads != hidden) {
      throw invalid(configFile + " sets head_dim " + c.get("head_dim") + " with " + heads + " heads and hidden_size "
          + hidden + "; SynerGen needs head_dim x heads = hidden_size");
    }
    boolean tied = c.path("tie_word_embeddings").asBoolean(false);
    List<Path> weights = weightFiles(dir);
    return new LlmDirectory(dir.toAbsolutePath().normalize(), format, positive(c, "vocab_size", configFile), hidden,
        positive(c, "num_hidden_layers", configFile), heads, kvHeads, positive(c, "intermediate_size", configFile),
        c.path("rope_theta").asDouble(10_000), c.path("rms_norm_eps").asDouble(1e-6),
        c.has("max_position_embeddings") ? positive(c, "max_position_embeddings", configFile) : 2048, tied, weights);
  }

  /** The LLM's tokenizer (text ids are its own). */
  public HfTextTokenizer tokenizer() throws IOException {
    return HfTextTokenizer.open(dir);
  }

  /**
   * The SynerGen model of this LLM: its decoder as it is, vision experts of the same size, the
   * tokenizers' image grid with the given fold, and an unfolding head of {@code headLayers} layers.
   */
  public ModelConfig modelConfig(ImageGrid grid, int headLayers) {
    return new ModelConfig("llm-" + format.name().toLowerCase(Locale.ROOT) + "-d" + hidden + "x" + layers, vocabSize,
        hidden, layers, heads, kvHeads, intermediate, headLayers, intermediate, ropeTheta, normEps, maxPositions, grid);
  }

  /** The weights: the files the index names, else {@code model.safetensors}, else every {@code *.safetensors}. */
  static List<Path> weightFiles(Path dir) throws IOException {
    Path index = dir.resolve(INDEX_FILE);
    if (Files.isRegularFile(index)) {
      JsonNode map;
      try {
        map = JSON.readTree(Files.readString(index, StandardCharsets.UTF_8)).path("weight_map");
      } catch (JsonProcessingException e) {
        throw invalid(index + " is not valid JSON: " + e.getOriginalMessage());
      }
      if (!map.isObject() || map.isEmpty()) {
        throw invalid(index + " has no weight_map");
      }
      TreeSet<String> shards = new TreeSet<>();
      for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
        shards.add(it.next().asText());
      }
      List<Path> files = new ArrayList<>();
      for (String shard : shards) {
        // an index names files next to it; never follow a path out of the model directory
        if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")
            || shard.startsWith(".")) {
          throw invalid(index + " names shard '" + shard + "'; shards must be plain file names in " + dir);
        }
        Path file = dir.resolve(shard);
        if (!Files.isRegularFile(file)) {
          throw invalid(index + " names shard " + shard + " which is missing from " + dir);
        }
        files.add(file);
      }
      return files;
    }
    if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
      return List.of(dir.resolve("model.safetensors"));
    }
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p))
          .sorted().toList();
      if (files.isEmpty()) {
        throw invalid(dir + " holds no *.safetensors weights (PyTorch .bin pickles are never loaded; convert them"
            + " to safetensors first)");
      }
      return files;
    }
  }

  private static int positive(JsonNode config, String key, Path file) {
    JsonNode v = config.path(key);
    if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE / 2) {
      throw invalid(file + " needs an integer " + key + " >= 1, found " + (v.isMissingNode() ? "nothing" : v));
    }
    return v.asInt();
  }

  private static RuntimeException invalid(String message) {
    return TrainingErrors.error(TrainingErrors.IMPORT_INVALID, message);
  }
}
