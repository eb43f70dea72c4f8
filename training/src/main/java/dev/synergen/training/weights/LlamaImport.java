package dev.synergen.training.weights;

import ai.djl.ndarray.NDManager;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsFile;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.LlmDirectory.Format;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a Hugging Face Llama-format or InternLM2-format model directory ({@link LlmDirectory})
 * into the text path of a SynerGen model; image experts then start as copies of the text FFNs and
 * every other image parameter keeps its seeded initialisation, including the embedding and head
 * rows of the special tokens appended after the LLM's vocabulary.
 *
 * <p>Name mapping (Llama | InternLM2 -> SynerGen), {@code i} = layer:
 * <pre>
 * model.embed_tokens.weight                 | model.tok_embeddings.weight        -> text_embed.weight
 * model.layers.i.input_layernorm.weight     | model.layers.i.attention_norm.weight -> layers.i.attention_norm.weight
 * model.layers.i.self_attn.q_proj.weight    | model.layers.i.attention.wqkv.weight (q part) -> layers.i.attention.wq.weight
 * model.layers.i.self_attn.k_proj.weight    |   (k part)                         -> layers.i.attention.wk.weight
 * model.layers.i.self_attn.v_proj.weight    |   (v part)                         -> layers.i.attention.wv.weight
 * model.layers.i.self_attn.o_proj.weight    | model.layers.i.attention.wo.weight -> layers.i.attention.wo.weight
 * model.layers.i.post_attention_layernorm.weight | model.layers.i.ffn_norm.weight -> layers.i.ffn_norm.weight
 * model.layers.i.mlp.gate_proj.weight       | model.layers.i.feed_forward.w1.weight -> layers.i.ffn.text.w1.weight
 * model.layers.i.mlp.up_proj.weight         | model.layers.i.feed_forward.w3.weight -> layers.i.ffn.text.w3.weight
 * model.layers.i.mlp.down_proj.weight       | model.layers.i.feed_forward.w2.weight -> layers.i.ffn.text.w2.weight
 * model.norm.weight                         | model.norm.weight                  -> norm.weight
 * lm_head.weight (absent = tied embeddings) | output.weight                      -> lm_head.weight
 * </pre>
 * InternLM2's packed {@code wqkv} is laid out per KV head as [g query heads, 1 key, 1 value]
 * (g = heads / kvHeads). Both formats use the "rotate half" RoPE of {@code RotaryEmbedding}, so
 * q/k rows need no permutation. Text ids are the LLM's own (its tokenizer.json), so row k of its
 * embedding is text id k. {@code rotary_emb.inv_freq} buffers are ignored; any other unknown
 * tensor (a bias, say) is an error that names it.
 */
public final class LlamaImport {
  private static final Pattern LAYER = Pattern.compile("^model\\.layers\\.(\\d+)\\.");

  private LlamaImport() {}

  /** A new model of {@code config} (from {@link LlmDirectory#modelConfig}) with the LLM's text path. */
  public static SynerGenModel load(LlmDirectory llm, ModelConfig config, NDManager manager, long seed)
      throws IOException {
    if (config.textVocab() != llm.vocabSize() || config.hidden() != llm.hidden() || config.layers() != llm.layers()
        || config.heads() != llm.heads() || config.kvHeads() != llm.kvHeads()
        || config.ffnHidden() != llm.intermediate() || config.ropeTheta() != llm.ropeTheta()) {
      throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, "model " + config.name() + " does not have the shape of "
          + llm.dir() + "; build the config with LlmDirectory.modelConfig");
    }
    Format format = llm.format();
    List<SafetensorsFile> opened = new ArrayList<>();
    try {
      Map<String, SafetensorsFile> index = new LinkedHashMap<>();
      for (Path f : llm.weightFiles()) {
        SafetensorsFile file = Safetensors.open(f);
        opened.add(file);
        for (String name : file.names()) {
          if (index.put(name, file) != null) {
            throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, "tensor '" + name + "' appears in more than one shard");
          }
        }
      }
      checkNames(config, index, format);
      String head = format == Format.LLAMA ? "lm_head.weight" : "output.weight";
      if (!index.containsKey(head) && !llm.tiedEmbeddings()) {
        throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, llm.dir() + " lacks tensor '" + head
            + "' and its config.json does not set tie_word_embeddings");
      }
      SynerGenModel model = SynerGenModel.create(config).initialize(manager, seed);
      try {
        copy(model, index, format);
        model.copyTextExpertsToImageExperts();
      } catch (RuntimeException | IOException e) {
        model.close();
        throw e;
      }
      return model;
    } finally {
      for (SafetensorsFile f : opened) {
        f.close();
      }
    }
  }

  private static void checkNames(ModelConfig config, Map<String, SafetensorsFile> index, Format format) {
    TreeSet<Integer> layers = new TreeSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : index.keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.find()) {
        layers.add(Integer.parseInt(m.group(1)));
      }
      if (!known(name, format)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, unknown.size() + " tensors have no place in the text path,"
          + " first " + unknown.subList(0, Math.min(5, unknown.size()))
          + " (biases and other architectures are not supported)");
    }
    if (layers.size() != config.layers() || (!layers.isEmpty() && layers.last() != config.layers() - 1)) {
      throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, "checkpoint has " + layers.size() + " layers, config "
          + config.name() + " has " + config.layers() + "; use a config with the checkpoint's depth");
    }
  }

  private static boolean known(String name, Format format) {
    if (name.endsWith("rotary_emb.inv_freq")) {
      return true;
    }
    String rest = LAYER.matcher(name).replaceFirst("");
    boolean inLayer = !rest.equals(name);
    if (format == Format.LLAMA) {
      return inLayer ? List.of("input_layernorm.weight", "post_attention_layernorm.weight", "self_attn.q_proj.weight",
          "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight", "mlp.gate_proj.weight",
          "mlp.up_proj.weight", "mlp.down_proj.weight").contains(rest)
          : List.of("model.embed_tokens.weight", "model.norm.weight", "lm_head.weight").contains(name);
    }
    return inLayer ? List.of("attention_norm.weight", "ffn_norm.weight", "attention.wqkv.weight",
        "attention.wo.weight", "feed_forward.w1.weight", "feed_forward.w2.weight", "feed_forward.w3.weight")
        .contains(rest)
        : List.of("model.tok_embeddings.weight", "model.norm.weight", "output.weight").contains(name);
  }

  private static void copy(SynerGenModel model, Map<String, SafetensorsFile> index, Format format)
      throws IOException {
    ModelConfig c = model.config();
    boolean llama = format == Format.LLAMA;
    String embed = llama ? "model.embed_tokens.weight" : "model.tok_embeddings.weight";
    String head = llama ? "lm_head.weight" : "output.weight";
    direct(model.parameter("text_embed.weight"), index, embed);
    direct(model.parameter("lm_head.weight"), index, index.containsKey(head) ? head : embed);
    direct(model.parameter("norm.weight"), index, "model.norm.weight");
    for (int i = 0; i < c.layers(); i++) {
      String src = "model.layers." + i + ".";
      String dst = "layers." + i + ".";
      direct(model.parameter(dst + "attention_norm.weight"), index,
          src + (llama ? "input_layernorm.weight" : "attention_norm.weight"));
      direct(model.parameter(dst + "ffn_norm.weight"), index,
          src + (llama ? "post_attention_layernorm.weight" : "ffn_norm.weight"));
      direct(model.parameter(dst + "attention.wo.weight"), index,
          src + (llama ? "self_attn.o_proj.weight" : "attention.wo.weight"));
      direct(model.parameter(dst + "ffn.text.w1.weight"), index, src + (llama ? "mlp.gate_proj.weight"
          : "feed_forward.w1.weight"));
      direct(model.parameter(dst + "ffn.text.w3.weight"), index, src + (llama ? "mlp.up_proj.weight"
          : "feed_forward.w3.weight"));
      direct(model.parameter(dst + "ffn.text.w2.weight"), index, src + (llama ? "mlp.down_proj.weight"
          : "feed_forward.w2.weight"));
      if (llama) {
        direct(model.parameter(dst + "attention.wq.weight"), index, src + "self_attn.q_proj.weight");
        direct(model.parameter(dst + "attention.wk.weight"), index, src + "self_attn.k_proj.weight");
        direct(model.parameter(dst + "attention.wv.weight"), index, src + "self_attn.v_proj.weight");
      } else {
        splitQkv(model, dst, index, src + "attention.wqkv.weight");
      }
    }
  }

  private static float[] read(Map<String, SafetensorsFile> index, String name, long[] expectedShape)
      throws IOException {
    SafetensorsFile file = index.get(name);
    if (file == null) {
      throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, "checkpoint lacks tensor '" + name + "'");
    }
    long[] shape = file.shape(name);
    if (!Arrays.equals(shape, expectedShape)) {
      throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, "tensor '" + name + "' is " + Arrays.toString(shape) + ", the config"
          + " needs " + Arrays.toString(expectedShape) + "; the config does not match the checkpoint");
    }
    SafetensorsTensor t = file.tensor(name);
    float[] values = TensorConversion.toFloats(t);
    if (values == null) {
      throw TrainingErrors.error(TrainingErrors.IMPORT_INVALID, "tensor '" + name + "' is " + t.dtype()
          + "; only F32, F16 and BF16 weights can be imported");
    }
    return values;
  }

  private static void direct(ModelParameter target, Map<String, SafetensorsFile> index, String name)
      throws IOException {
    target.setFloats(read(index, name, target.shape().getShape()));
  }

  private static void splitQkv(SynerGenModel model, String dst, Map<String, SafetensorsFile> index, String name)
      throws IOException {
    ModelConfig c = model.config();
    int hs = c.headDim();
    int d = c.hidden();
    int group = c.heads() / c.kvHeads();
    float[] packed = read(index, name, new long[] {(long) (c.heads() + 2L * c.kvHeads()) * hs, d});
    float[] q = new float[c.heads() * hs * d];
    float[] k = new float[c.kvHeads() * hs * d];
    float[] v = new float[c.kvHeads() * hs * d];
    int block = hs * d;
    // (nkv, g + 2, hs, d): g query heads, then one key and one value head per KV group
    for (int j = 0; j < c.kvHeads(); j++) {
      int base = j * (group + 2) * block;
      for (int t = 0; t < group; t++) {
        System.arraycopy(packed, base + t * block, q, (j * group + t) * block, block);
      }
      System.arraycopy(packed, base + group * block, k, j * block, block);
      System.arraycopy(packed, base + (group + 1) * block, v, j * block, block);
    }
    model.parameter(dst + "attention.wq.weight").setFloats(q);
    model.parameter(dst + "attention.wk.weight").setFloats(k);
    model.parameter(dst + "attention.wv.weight").setFloats(v);
  }
}
