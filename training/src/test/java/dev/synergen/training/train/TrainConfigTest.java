package dev.synergen.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.synergen.core.PipelineException;
import dev.synergen.core.config.Settings;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.optim.LearningRateSchedule;
import dev.synergen.training.optim.ScheduleKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings of synergen train: stage defaults, the run length, and refusals. */
class TrainConfigTest {
  private static TrainConfig from(Map<String, String> values) {
    Settings s = Settings.of(values);
    TrainConfig config = TrainConfig.from(s);
    s.requireAllConsumed();
    return config;
  }

  private static Map<String, String> base(String... more) {
    Map<String, String> m = new java.util.LinkedHashMap<>(Map.of("train.tokenizer", "tok", "train.output", "out"));
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  @Test
  void stagesBringThePapersSchedulesUnlessOverridden() {
    TrainConfig s1 = from(base("train.stage", "s1", "train.steps", "2000"));
    assertEquals(List.of(1e-4, ScheduleKind.CONSTANT, 200L), List.of(s1.peakLearningRate(), s1.scheduleKind(),
        s1.warmup(2000)));
    LearningRateSchedule lr = s1.learningRateSchedule(2000);
    assertEquals(List.of(5e-7, 1e-4, 1e-4), List.of(lr.at(0), lr.at(199), lr.at(1999)));
    TrainConfig s2 = from(base("train.stage", "S2", "train.steps", "1000"));
    assertEquals(List.of(5e-5, ScheduleKind.COSINE), List.of(s2.peakLearningRate(), s2.scheduleKind()));
    assertEquals(5e-6, s2.learningRateSchedule(1000).at(1000), 1e-18, "cosine ends at 10% of the peak");
    TrainConfig full = from(base("train.epochs", "3", "train.lr", "2e-3", "train.schedule", "constant",
        "train.warmup_steps", "0", "train.batch_size", "4"));
    assertEquals(List.of("full", 2e-3, ScheduleKind.CONSTANT, 30L, 0L), List.of(full.stage().label(),
        full.peakLearningRate(), full.scheduleKind(), full.totalSteps(37, 1), full.warmup(30)));
    assertEquals("small", full.preset());
    assertEquals(20L, from(base("train.steps", "200")).warmup(200), "short runs warm up for 10% of their steps");
  }

  @Test
  void badSettingsAreRefusedWithTheKeyAndWhatToDo() {
    assertEquals("[TRAIN_CONFIG_INVALID] set exactly one run length: train.steps (--steps) or train.epochs (--epochs);"
        + " got steps 0, epochs 0", assertThrows(PipelineException.class, () -> from(base())).getMessage());
    assertEquals("[TRAIN_CONFIG_INVALID] train.preset must be one of tiny, small, paper; got 'huge'",
        assertThrows(PipelineException.class, () -> from(base("train.steps", "5", "train.preset", "huge")))
            .getMessage());
    assertEquals("[CONFIG_BAD_VALUE] config key 'train.stage' (from the given settings): expected one of [s1, s2, sft,"
        + " full, text], got 's3'", assertThrows(PipelineException.class,
            () -> from(base("train.steps", "5", "train.stage", "s3"))).getMessage());
    assertEquals("[TRAIN_CONFIG_INVALID] device must be auto, cpu, gpu or gpu:N (a CUDA index), got 'tpu'",
        assertThrows(PipelineException.class, () -> from(base("train.steps", "5", "train.device", "tpu")))
            .getMessage());
    assertEquals("[TRAIN_CONFIG_INVALID] train.init_checkpoint and train.init_llama exclude each other: start from a"
        + " SynerGen checkpoint or from an imported LLM, not both", assertThrows(PipelineException.class,
            () -> from(base("train.steps", "5", "train.init_checkpoint", "a", "train.init_llama", "b.safetensors")))
            .getMessage());
    assertEquals("[TRAIN_CONFIG_INVALID] warm-up of 200 steps must be shorter than the run of 100 steps; lower"
        + " train.warmup_steps or train longer", assertThrows(PipelineException.class,
            () -> from(base("train.steps", "100", "train.warmup_steps", "200")).learningRateSchedule(100))
            .getMessage());
    assertEquals("[CONFIG_BAD_VALUE] config key 'train.output' is required but not set",
        assertThrows(PipelineException.class, () -> from(Map.of("train.tokenizer", "t", "train.steps", "3")))
            .getMessage());
  }

  @Test
  void thePaperModelIsRefusedOnTheCpuBeforeAnythingIsAllocated() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> ModelSetup.requireTrainable(ModelConfig.paper(), Device.cpu()));
    assertEquals("[TRAIN_MODEL_TOO_LARGE] preset paper has 3629826048 parameters: float32 weights, gradients and AdamW"
        + " state need about 54 GiB and a step takes minutes on cpu(); train it on GPU executors (device gpu) or use"
        + " preset small", e.getMessage());
    ModelSetup.requireTrainable(ModelConfig.small(100), Device.cpu());
  }
}
