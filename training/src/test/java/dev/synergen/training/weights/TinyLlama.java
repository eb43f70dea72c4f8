package dev.synergen.training.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.tokenization.fixtures.TinyLlmTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Hugging Face Llama model directory written by the test: config.json, a word-level
 * tokenizer.json of a few hundred ids and seeded weights, sharded with an index like real
 * releases. {@link #weights} keeps every source tensor for reference computations.
 */
public record TinyLlama(Path dir, int tokenizerIds, int vocab, int hidden, int layers, int heads, int kvHeads,
    int ffn, double ropeTheta, double eps, Map<String, float[]> weights) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public int headDim() {
    return hidden / heads;
  }

  /**
   * Writes the model: 300 tokenizer ids over the words of {@code texts}, vocab_size 304 (padded
   * like real checkpoints), d=16, 2 layers, 4 heads, 2 KV heads, FFN 24; {@code tied} drops lm_head.
   */
  public static TinyLlama write(Path dir, long seed, boolean tied, String... texts) throws IOException {
    TinyLlama m = new TinyLlama(dir, 300, 304, 16, 2, 4, 2, 24, 10_000, 1e-5, new LinkedHashMap<>());
    Files.createDirectories(dir);
    TinyLlmTokenizer.write(dir, m.tokenizerIds(), texts);
    ObjectNode config = JSON.createObjectNode();
    config.putArray("architectures").add("LlamaForCausalLM");
    config.put("model_type", "llama");
    config.put("vocab_size", m.vocab());
    config.put("hidden_size", m.hidden());
    config.put("num_hidden_layers", m.layers());
    config.put("num_attention_heads", m.heads());
    config.put("num_key_value_heads", m.kvHeads());
    config.put("intermediate_size", m.ffn());
    config.put("rope_theta", m.ropeTheta());
    config.put("rms_norm_eps", m.eps());
    config.put("max_position_embeddings", 256);
    config.put("hidden_act", "silu");
    config.put("tie_word_embeddings", tied);
    config.putNull("rope_scaling");
    config.put("attention_bias", false);
    Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config), StandardCharsets.UTF_8);

    SplittableRandom r = new SplittableRandom(seed);
    int d = m.hidden();
    int kv = m.kvHeads() * m.headDim();
    m.put(r, "model.embed_tokens.weight", 0.5, m.vocab(), d);
    for (int i = 0; i < m.layers(); i++) {
      String p = "model.layers." + i + ".";
      m.putNorm(r, p + "input_layernorm.weight", d);
      m.putNorm(r, p + "post_attention_layernorm.weight", d);
      m.put(r, p + "self_attn.q_proj.weight", 0.3, d, d);
      m.put(r, p + "self_attn.k_proj.weight", 0.3, kv, d);
      m.put(r, p + "self_attn.v_proj.weight", 0.3, kv, d);
      m.put(r, p + "self_attn.o_proj.weight", 0.3, d, d);
      m.put(r, p + "mlp.gate_proj.weight", 0.3, m.ffn(), d);
      m.put(r, p + "mlp.up_proj.weight", 0.3, m.ffn(), d);
      m.put(r, p + "mlp.down_proj.weight", 0.3, d, m.ffn());
    }
    m.putNorm(r, "model.norm.weight", d);
    if (!tied) {
      m.put(r, "lm_head.weight", 0.3, m.vocab(), d);
    }
    List<SafetensorsTensor> first = new ArrayList<>();
    List<SafetensorsTensor> second = new ArrayList<>();
    ObjectNode index = JSON.createObjectNode();
    ObjectNode map = index.putObject("weight_map");
    for (Map.Entry<String, float[]> e : m.weights().entrySet()) {
      boolean one = !e.getKey().startsWith("model.layers.1.") && !e.getKey().equals("lm_head.weight");
      String shard = one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
      (one ? first : second).add(SafetensorsTensor.ofFloats(e.getKey(), m.shapeOf(e.getKey()), e.getValue()));
      map.put(e.getKey(), shard);
    }
    Safetensors.write(dir.resolve("model-00001-of-00002.safetensors"), first, Map.of("format", "pt"));
    Safetensors.write(dir.resolve("model-00002-of-00002.safetensors"), second, Map.of("format", "pt"));
    Files.writeString(dir.resolve(LlmDirectory.INDEX_FILE), JSON.writeValueAsString(index), StandardCharsets.UTF_8);
    return m;
  }

  /** The (rows, cols) or (n) shape of a source tensor. */
  public long[] shapeOf(String name) {
    int d = hidden;
    int kv = kvHeads * headDim();
    if (name.endsWith("layernorm.weight") || name.equals("model.norm.weight")) {
      return new long[] {d};
    }
    if (name.equals("model.embed_tokens.weight") || name.equals("lm_head.weight")) {
      return new long[] {vocab, d};
    }
    if (name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight")) {
      return new long[] {kv, d};
    }
    if (name.endsWith("gate_proj.weight") || name.endsWith("up_proj.weight")) {
      return new long[] {ffn, d};
    }
    if (name.endsWith("down_proj.weight")) {
      return new long[] {d, ffn};
    }
    return new long[] {d, d};
  }

  private void put(SplittableRandom r, String name, double scale, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    weights.put(name, v);
  }

  private void putNorm(SplittableRandom r, String name, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (1 + (r.nextDouble() * 2 - 1) * 0.2);
    }
    weights.put(name, v);
  }
}
