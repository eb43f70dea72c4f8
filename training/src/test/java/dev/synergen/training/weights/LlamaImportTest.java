package dev.synergen.training.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import dev.synergen.core.PipelineException;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SynerGenModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports tiny Llama and InternLM2 checkpoints that the test writes itself. */
class LlamaImportTest {
  // d=8, 2 layers, 4 heads of 2, 2 KV heads, FFN 12, vocab 10
  private final ModelConfig config = new ModelConfig("import", 10, 8, 2, 4, 2, 12, 1, 12, 10_000, 1e-5, 64,
      new ImageGrid(4, 8, 1, 16, 2, 4));
  @TempDir
  Path dir;

  private static float[] ramp(int n, float base) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = base + i * 1e-3f;
    }
    return v;
  }

  private static SafetensorsTensor t(String name, float base, long... shape) {
    int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    return SafetensorsTensor.ofFloats(name, shape, ramp(n, base));
  }

  @Test
  void llamaCheckpointFillsTheTextPathAndSeedsImageExpertsFromTextFfns() throws Exception {
    List<SafetensorsTensor> tensors = new ArrayList<>();
    tensors.add(t("model.embed_tokens.weight", 1, 10, 8));
    tensors.add(t("model.norm.weight", 2, 8));
    for (int i = 0; i < 2; i++) {
      String p = "model.layers." + i + ".";
      tensors.add(t(p + "input_layernorm.weight", 3 + i, 8));
      tensors.add(t(p + "post_attention_layernorm.weight", 4 + i, 8));
      tensors.add(t(p + "self_attn.q_proj.weight", 5 + i, 8, 8));
      tensors.add(t(p + "self_attn.k_proj.weight", 6 + i, 4, 8));
      tensors.add(t(p + "self_attn.v_proj.weight", 7 + i, 4, 8));
      tensors.add(t(p + "self_attn.o_proj.weight", 8 + i, 8, 8));
      tensors.add(t(p + "mlp.gate_proj.weight", 9 + i, 12, 8));
      tensors.add(t(p + "mlp.up_proj.weight", 10 + i, 12, 8));
      tensors.add(t(p + "mlp.down_proj.weight", 11 + i, 8, 12));
      tensors.add(t(p + "self_attn.rotary_emb.inv_freq", 0, 1));
    }
    // shards, and no lm_head: tied embeddings
    Safetensors.write(dir.resolve("a.safetensors"), tensors.subList(0, 12), Map.of());
    Safetensors.write(dir.resolve("b.safetensors"), tensors.subList(12, tensors.size()), Map.of());
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = LlamaImport.load(config, List.of(dir.resolve("a.safetensors"),
            dir.resolve("b.safetensors")), manager, 3)) {
      float[] embed = model.parameter("text_embed.weight").toFloats();
      assertArrayEquals(ramp(80, 1), Arrays.copyOf(embed, 80));
      assertEquals(16, embed.length / 8, "10 text rows + 6 special rows");
      assertArrayEquals(ramp(80, 1), Arrays.copyOf(model.parameter("lm_head.weight").toFloats(), 80));
      assertArrayEquals(ramp(64, 6), model.parameter("layers.1.attention.wq.weight").toFloats());
      assertArrayEquals(ramp(96, 10), model.parameter("layers.0.ffn.text.w3.weight").toFloats());
      assertArrayEquals(ramp(96, 12), model.parameter("layers.1.ffn.text.w2.weight").toFloats());
      assertArrayEquals(ramp(96, 12), model.parameter("layers.1.ffn.image.w2.weight").toFloats());
      assertArrayEquals(ramp(8, 5), model.parameter("layers.1.ffn_norm.weight").toFloats());
    }
  }

  @Test
  void internLm2PackedQkvIsSplitPerKvGroup() throws Exception {
    // wqkv rows per KV head j: [q head 2j, q head 2j+1, k head j, v head j], each 2 rows of 8
    float[] packed = new float[(4 + 2 * 2) * 2 * 8];
    for (int row = 0; row < 16; row++) {
      Arrays.fill(packed, row * 8, row * 8 + 8, row);
    }
    List<SafetensorsTensor> tensors = new ArrayList<>();
    tensors.add(t("model.tok_embeddings.weight", 1, 10, 8));
    tensors.add(t("model.norm.weight", 2, 8));
    tensors.add(t("output.weight", 3, 10, 8));
    for (int i = 0; i < 2; i++) {
      String p = "model.layers." + i + ".";
      tensors.add(t(p + "attention_norm.weight", 3, 8));
      tensors.add(t(p + "ffn_norm.weight", 4, 8));
      tensors.add(SafetensorsTensor.ofFloats(p + "attention.wqkv.weight", new long[] {16, 8}, packed));
      tensors.add(t(p + "attention.wo.weight", 8, 8, 8));
      tensors.add(t(p + "feed_forward.w1.weight", 9, 12, 8));
      tensors.add(t(p + "feed_forward.w3.weight", 10, 12, 8));
      tensors.add(t(p + "feed_forward.w2.weight", 11, 8, 12));
    }
    Safetensors.write(dir.resolve("m.safetensors"), tensors, Map.of());
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = LlamaImport.load(config, List.of(dir.resolve("m.safetensors")), manager, 3)) {
      assertArrayEquals(rowsOf(0, 1, 2, 3, 8, 9, 10, 11), model.parameter("layers.0.attention.wq.weight").toFloats());
      assertArrayEquals(rowsOf(4, 5, 12, 13), model.parameter("layers.0.attention.wk.weight").toFloats());
      assertArrayEquals(rowsOf(6, 7, 14, 15), model.parameter("layers.0.attention.wv.weight").toFloats());
      assertArrayEquals(ramp(80, 3), Arrays.copyOf(model.parameter("lm_head.weight").toFloats(), 80));
    }
  }

  @Test
  void mismatchedOrForeignCheckpointsAreRefusedWithTheReason() throws Exception {
    Safetensors.write(dir.resolve("x.safetensors"), List.of(t("model.embed_tokens.weight", 1, 11, 8),
        t("model.layers.0.self_attn.q_proj.bias", 1, 8)), Map.of());
    try (NDManager manager = NDManager.newBaseManager()) {
      PipelineException e = assertThrows(PipelineException.class,
          () -> LlamaImport.load(config, List.of(dir.resolve("x.safetensors")), manager, 3));
      assertEquals("[IMPORT_INVALID] 1 tensors have no place in the text path, first "
          + "[model.layers.0.self_attn.q_proj.bias] (biases and other architectures are not supported)",
          e.getMessage());
    }
  }

  private static float[] rowsOf(int... rows) {
    float[] out = new float[rows.length * 8];
    for (int i = 0; i < rows.length; i++) {
      Arrays.fill(out, i * 8, i * 8 + 8, rows[i]);
    }
    return out;
  }
}
