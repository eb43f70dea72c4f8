package dev.synergen.training.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import dev.synergen.core.io.ArtifactManifest;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelHarness;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.model.TestRows;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static NDManager manager;
  private final ModelConfig config = ModelConfig.tiny(30);
  @TempDir
  Path dir;

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void roundTripRestoresEveryTensorAndTheSameLoss() throws Exception {
    SplittableRandom r = new SplittableRandom(1);
    SequenceBatch batch = new TestRows(config.vocabulary()).t2i(new int[] {1, 2}, TestRows.randomCodes(r, 64, 256))
        .batch(config);
    try (SynerGenModel model = ModelHarness.model(manager, config, 4, DataType.FLOAT32)) {
      Map<String, String> digests = Checkpoint.save(model, dir, Map.of("stage", "S1"));
      assertEquals(List.of("config.json", "model.safetensors"), new ArrayList<>(digests.keySet()));
      try (SynerGenModel loaded = Checkpoint.open(dir).load(manager);
          NDManager a = model.newScope();
          NDManager b = loaded.newScope()) {
        assertEquals(config, loaded.config());
        for (ModelParameter p : model.parameters()) {
          assertArrayEquals(p.toFloats(), loaded.parameter(p.name()).toFloats(), p.name());
        }
        assertEquals(model.loss(a, batch).totalValue(), loaded.loss(b, batch).totalValue(), 0f);
        assertTrue(loaded.parameter("lm_head.weight").array().hasGradient(), "loaded weights are trainable");
      }
      assertEquals("S1", Safetensors.open(dir.resolve(Checkpoint.WEIGHTS)).metadata().get("stage"));
    }
  }

  @Test
  void tamperedTruncatedOrIncompleteCheckpointsAreRefused() throws Exception {
    try (SynerGenModel model = ModelHarness.model(manager, config, 4, DataType.FLOAT32)) {
      Checkpoint.save(model, dir, Map.of());
    }
    Path weights = dir.resolve(Checkpoint.WEIGHTS);
    byte[] original = Files.readAllBytes(weights);
    try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
      f.seek(original.length - 5);
      f.write(original[original.length - 5] ^ 0x40);
    }
    PipelineException tampered = assertThrows(PipelineException.class, () -> Checkpoint.open(dir).load(manager));
    assertEquals(CoreErrors.ARTIFACT_TAMPERED.code(), tampered.errorClass());
    assertTrue(tampered.getMessage().contains("model.safetensors has sha256"), tampered.getMessage());

    Files.write(weights, java.util.Arrays.copyOf(original, original.length - 100));
    PipelineException truncated = assertThrows(PipelineException.class, () -> Checkpoint.open(dir).load(manager));
    assertEquals(CoreErrors.ARTIFACT_TAMPERED.code(), truncated.errorClass());
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

    Files.write(weights, original);
    Files.delete(dir.resolve(ArtifactManifest.FILE_NAME));
    assertEquals(CoreErrors.ARTIFACT_INCOMPLETE.code(),
        assertThrows(PipelineException.class, () -> Checkpoint.open(dir).load(manager)).errorClass());
  }

  @Test
  void weightsThatDoNotFitTheConfigAreRefusedByName() throws Exception {
    Files.writeString(dir.resolve(Checkpoint.CONFIG), config.toJson(), StandardCharsets.UTF_8);
    Safetensors.write(dir.resolve(Checkpoint.WEIGHTS),
        List.of(SafetensorsTensor.ofFloats("norm.weight", new long[] {3}, new float[3])), Map.of());
    ArtifactManifest.write(dir, List.of(Checkpoint.WEIGHTS, Checkpoint.CONFIG));
    PipelineException e = assertThrows(PipelineException.class, () -> Checkpoint.open(dir).load(manager));
    assertEquals(TrainingErrors.CHECKPOINT_INVALID.code(), e.errorClass());
    assertEquals("[CHECKPOINT_INVALID] " + dir.resolve(Checkpoint.WEIGHTS) + " lacks tensor 'text_embed.weight' (30, 64)",
        e.getMessage());
  }

  @Test
  void checkpointsFromBeforeTheSpecialTokensHadTheirOwnRowsLoadWithTheSameWeights() throws Exception {
    SplittableRandom r = new SplittableRandom(2);
    SequenceBatch batch = new TestRows(config.vocabulary()).i2t(TestRows.randomCodes(r, 64, 256), new int[] {3, 4})
        .batch(config);
    try (SynerGenModel model = ModelHarness.model(manager, config, 5, DataType.FLOAT32)) {
      Checkpoint.save(model, dir, Map.of());
      // rewrite the weights in the old layout: text ids and special tokens in one table each
      List<SafetensorsTensor> old = new ArrayList<>();
      for (ModelParameter p : model.parameters()) {
        String name = p.name();
        if (name.equals("special_embed.weight") || name.equals("special_head.weight")) {
          continue;
        }
        float[] values = p.toFloats();
        long[] shape = p.shape().getShape();
        if (name.equals("text_embed.weight") || name.equals("lm_head.weight")) {
          float[] special = model.parameter(name.startsWith("text") ? "special_embed.weight" : "special_head.weight")
              .toFloats();
          float[] joined = java.util.Arrays.copyOf(values, values.length + special.length);
          System.arraycopy(special, 0, joined, values.length, special.length);
          values = joined;
          shape = new long[] {config.textRows(), shape[1]};
        }
        old.add(SafetensorsTensor.ofFloats(name, shape, values));
      }
      Safetensors.write(dir.resolve(Checkpoint.WEIGHTS), old, Map.of("format", Checkpoint.FORMAT));
      ArtifactManifest.write(dir, List.of(Checkpoint.WEIGHTS, Checkpoint.CONFIG));
      try (SynerGenModel loaded = Checkpoint.open(dir).load(manager);
          NDManager a = model.newScope();
          NDManager b = loaded.newScope()) {
        for (ModelParameter p : model.parameters()) {
          assertArrayEquals(p.toFloats(), loaded.parameter(p.name()).toFloats(), p.name());
        }
        assertEquals(model.loss(a, batch).totalValue(), loaded.loss(b, batch).totalValue(), 0f);
      }
    }
  }
}
