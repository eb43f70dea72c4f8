package dev.synergen.training.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.PipelineException;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.tokenization.fixtures.TinyLlmTokenizer;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.tokenization.text.HfTextTokenizer;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.ParameterGroup;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.model.TestRows;
import dev.synergen.training.optim.LearningRateSchedule;
import dev.synergen.training.optim.TrainStep;
import dev.synergen.training.train.TrainStage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports tiny Hugging Face Llama and InternLM2 model directories that the tests write themselves. */
class LlamaImportTest {
  private static final String CAPTION = "a red circle above a blue square.";
  private static final ImageGrid GRID = new ImageGrid(32, 32, 4, 256, 2, 4);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void importedLogitsEqualAHandComputedForwardPassOfTheSourceWeights() throws Exception {
    TinyLlama source = TinyLlama.write(dir, 7, false, CAPTION);
    LlmDirectory llm = LlmDirectory.open(dir);
    HfTextTokenizer tokenizer = llm.tokenizer();
    ModelConfig config = llm.modelConfig(GRID, 1);

    int[] ids = tokenizer.encode(CAPTION);
    List<String> words = TinyLlmTokenizer.vocabulary(300, CAPTION);
    assertArrayEquals(List.of("a", "red", "circle", "above", "a", "blue", "square", ".").stream()
        .mapToInt(words::indexOf).toArray(), ids, "text ids are the LLM tokenizer's own");
    double[][] expected = new ReferenceLlama(source).logits(ids);
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = LlamaImport.load(llm, config, manager, 3);
        NDManager scope = model.newScope()) {
      SequenceBatch batch = SequenceBatch.prompts(config, List.of(ids), SequenceBatch.Padding.RIGHT);
      NDArray logits = model.lmLogits(model.hidden(scope, batch, null));
      float[] got = logits.toFloatArray();
      int rows = config.textRows();
      assertEquals(ids.length * rows, got.length);
      double worst = 0;
      for (int t = 0; t < ids.length; t++) {
        for (int v = 0; v < source.vocab(); v++) {
          worst = Math.max(worst, Math.abs(got[t * rows + v] - expected[t][v]));
        }
      }
      assertTrue(worst < 2e-4, "largest logit difference " + worst);
    }
  }

  @Test
  void theSpecialTokensAndImageCodesAreAppendedAfterTheLlmsPaddedVocabulary() throws Exception {
    TinyLlama.write(dir, 7, false, CAPTION);
    LlmDirectory llm = LlmDirectory.open(dir);
    VocabularyLayout layout = llm.modelConfig(GRID, 1).vocabulary();

    assertEquals(304, llm.vocabSize(), "config.json's vocab_size, past the tokenizer's 300 ids");
    assertEquals(304, layout.pad(), "the first special token follows the LLM's last row");
    assertEquals(310, layout.imageOffset());
    assertEquals(304, llm.tokenizer().vocabularySize());
  }

  @Test
  void tiedEmbeddingsFillTheHeadFromTheEmbeddingTable() throws Exception {
    TinyLlama source = TinyLlama.write(dir, 8, true, CAPTION);
    LlmDirectory llm = LlmDirectory.open(dir);
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = LlamaImport.load(llm, llm.modelConfig(GRID, 1), manager, 3)) {
      float[] embed = source.weights().get("model.embed_tokens.weight");
      assertArrayEquals(embed, model.parameter("text_embed.weight").toFloats());
      assertArrayEquals(embed, model.parameter("lm_head.weight").toFloats());
      assertArrayEquals(model.parameter("layers.1.ffn.text.w2.weight").toFloats(),
          model.parameter("layers.1.ffn.image.w2.weight").toFloats(), "image experts start as the text FFNs");
    }
  }

  @Test
  void stageS1AfterImportKeepsTheLlmBitIdenticalAndTrainsTheSpecialTokenRows() throws Exception {
    TinyLlama.write(dir, 9, false, CAPTION);
    LlmDirectory llm = LlmDirectory.open(dir);
    ModelConfig config = llm.modelConfig(GRID, 1);
    int[] caption = llm.tokenizer().encode(CAPTION);
    SplittableRandom r = new SplittableRandom(5);
    int[] codes = TestRows.randomCodes(r, config.grid().codesPerImage(), config.grid().codebookSize());
    SequenceBatch batch = new TestRows(config.vocabulary()).i2t(codes, caption).t2i(caption, codes).batch(config);
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = LlamaImport.load(llm, config, manager, 3)) {
      Map<String, float[]> before = new HashMap<>();
      for (ModelParameter p : model.parameters()) {
        before.put(p.name(), p.toFloats());
      }
      model.setTrainableGroups(TrainStage.S1.trainableGroups());
      try (AdamW adam = new AdamW(model.trainableParameters(), AdamWConfig.paper(), model.manager())) {
        TrainStep step = new TrainStep(model, adam, LearningRateSchedule.constant(1e-2));
        for (int s = 0; s < 3; s++) {
          step.run(batch);
        }
      }
      List<String> changed = new ArrayList<>();
      for (ModelParameter p : model.parameters()) {
        boolean same = Arrays.equals(before.get(p.name()), p.toFloats());
        if (p.group() == ParameterGroup.TEXT || p.group() == ParameterGroup.ATTENTION) {
          assertTrue(same, p.name() + " of the LLM changed in S1");
        } else if (!same) {
          changed.add(p.name());
        }
      }
      assertTrue(changed.containsAll(List.of("special_embed.weight", "special_head.weight",
          "layers.0.ffn.image.w1.weight", "unfolding.classifier.weight")), "trained in S1: " + changed);
      assertEquals(ParameterGroup.IMAGE, model.parameter("special_embed.weight").group());
      assertEquals(ParameterGroup.TEXT, model.parameter("text_embed.weight").group());
    }
  }

  @Test
  void internLm2PackedQkvIsSplitPerKvGroup() throws Exception {
    // d=8, 4 heads of 2, 2 KV heads: wqkv rows per KV head j are [q 2j, q 2j+1, k j, v j], 2 rows of 8 each
    float[] packed = new float[16 * 8];
    for (int row = 0; row < 16; row++) {
      Arrays.fill(packed, row * 8, row * 8 + 8, row);
    }
    TinyLlmTokenizer.write(dir, 10);
    writeConfig(Map.of("model_type", "internlm2", "vocab_size", 10, "hidden_size", 8, "num_hidden_layers", 2,
        "num_attention_heads", 4, "num_key_value_heads", 2, "intermediate_size", 12, "bias", false));
    List<SafetensorsTensor> tensors = new ArrayList<>();
    tensors.add(ramp("model.tok_embeddings.weight", 1, 10, 8));
    tensors.add(ramp("model.norm.weight", 2, 8));
    tensors.add(ramp("output.weight", 3, 10, 8));
    for (int i = 0; i < 2; i++) {
      String p = "model.layers." + i + ".";
      tensors.add(ramp(p + "attention_norm.weight", 3, 8));
      tensors.add(ramp(p + "ffn_norm.weight", 4, 8));
      tensors.add(SafetensorsTensor.ofFloats(p + "attention.wqkv.weight", new long[] {16, 8}, packed));
      tensors.add(ramp(p + "attention.wo.weight", 8, 8, 8));
      tensors.add(ramp(p + "feed_forward.w1.weight", 9, 12, 8));
      tensors.add(ramp(p + "feed_forward.w3.weight", 10, 12, 8));
      tensors.add(ramp(p + "feed_forward.w2.weight", 11, 8, 12));
    }
    Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of());
    LlmDirectory llm = LlmDirectory.open(dir);
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = LlamaImport.load(llm, llm.modelConfig(new ImageGrid(4, 8, 1, 16, 2, 4), 1), manager,
            3)) {
      assertArrayEquals(rowsOf(0, 1, 2, 3, 8, 9, 10, 11), model.parameter("layers.0.attention.wq.weight").toFloats());
      assertArrayEquals(rowsOf(4, 5, 12, 13), model.parameter("layers.0.attention.wk.weight").toFloats());
      assertArrayEquals(rowsOf(6, 7, 14, 15), model.parameter("layers.0.attention.wv.weight").toFloats());
      assertArrayEquals(values(80, 3), model.parameter("lm_head.weight").toFloats());
    }
  }

  @Test
  void whatTheArchitectureCannotHonourIsRefusedNamingTheKeyOrTensor() throws Exception {
    TinyLlama.write(dir, 7, false, CAPTION);
    ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("config.json")));

    config.putObject("rope_scaling").put("rope_type", "llama3");
    write(config);
    assertImportError("sets rope_scaling", () -> LlmDirectory.open(dir));
    config.putNull("rope_scaling");

    config.put("attention_bias", true);
    write(config);
    assertImportError("sets attention_bias: true", () -> LlmDirectory.open(dir));
    config.put("attention_bias", false);

    config.put("model_type", "gpt2");
    write(config);
    assertImportError("has model_type 'gpt2'", () -> LlmDirectory.open(dir));
    config.put("model_type", "llama");
    write(config);

    Safetensors.write(dir.resolve("model-00002-of-00002.safetensors"), List.of(
        ramp("model.layers.1.self_attn.q_proj.bias", 1, 16)), Map.of());
    Files.writeString(dir.resolve(LlmDirectory.INDEX_FILE),
        "{\"weight_map\": {\"model.layers.1.self_attn.q_proj.bias\": \"model-00002-of-00002.safetensors\"}}");
    LlmDirectory biased = LlmDirectory.open(dir);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertImportError("[model.layers.1.self_attn.q_proj.bias]",
          () -> LlamaImport.load(biased, biased.modelConfig(GRID, 1), manager, 3));
    }

    Files.writeString(dir.resolve(LlmDirectory.INDEX_FILE), "{\"weight_map\": {\"x\": \"../elsewhere.safetensors\"}}");
    assertImportError("shards must be plain file names", () -> LlmDirectory.open(dir));
  }

  @Test
  void aMissingHeadWithoutTiedEmbeddingsIsRefused() throws Exception {
    TinyLlama.write(dir, 7, true, CAPTION);
    ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("config.json")));
    config.put("tie_word_embeddings", false);
    write(config);
    LlmDirectory llm = LlmDirectory.open(dir);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertImportError("lacks tensor 'lm_head.weight' and its config.json does not set tie_word_embeddings",
          () -> LlamaImport.load(llm, llm.modelConfig(GRID, 1), manager, 3));
    }
  }

  private void writeConfig(Map<String, Object> config) throws Exception {
    Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config), StandardCharsets.UTF_8);
  }

  private void write(ObjectNode config) throws Exception {
    Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config), StandardCharsets.UTF_8);
  }

  private static void assertImportError(String fragment, org.junit.jupiter.api.function.Executable call) {
    PipelineException e = assertThrows(PipelineException.class, call);
    assertTrue(e.getMessage().startsWith("[IMPORT_INVALID]") && e.getMessage().contains(fragment), e.getMessage());
  }

  private static float[] values(int n, float base) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = base + i * 1e-3f;
    }
    return v;
  }

  private static SafetensorsTensor ramp(String name, float base, long... shape) {
    int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    return SafetensorsTensor.ofFloats(name, shape, values(n, base));
  }

  private static float[] rowsOf(int... rows) {
    float[] out = new float[rows.length * 8];
    for (int i = 0; i < rows.length; i++) {
      Arrays.fill(out, i * 8, i * 8 + 8, rows[i]);
    }
    return out;
  }
}
