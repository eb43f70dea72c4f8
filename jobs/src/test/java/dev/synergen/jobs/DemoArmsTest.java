package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.config.Settings;
import dev.synergen.eval.job.EvalConfig;
import dev.synergen.training.train.TrainStage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoArmsTest {
  private static final Path RUN = Path.of("/tmp/demo-arms/run");

  private static List<DemoArms.Arm> progressive(Map<String, String> values) {
    return DemoArms.of(DemoArms.Stages.progressive, withSteps(values), RUN);
  }

  private static Settings withSteps(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put("train.steps", "10");
    return Settings.of(all);
  }

  @Test
  void theProgressivePathTrainsBaseThenS1FromItThenS2FromS1EachInItsOwnDirectory() {
    List<DemoArms.Arm> arms = progressive(Map.of());

    assertEquals(List.of("base", "s1", "s2"), arms.stream().map(DemoArms.Arm::label).toList());
    assertEquals(List.of(TrainStage.TEXT, TrainStage.S1, TrainStage.S2),
        arms.stream().map(a -> a.train().stage()).toList());
    assertNull(arms.get(0).train().initCheckpoint());
    assertEquals(RUN.resolve("base").toString(), arms.get(1).train().initCheckpoint());
    assertEquals(RUN.resolve("s1").toString(), arms.get(2).train().initCheckpoint());
    for (DemoArms.Arm arm : arms) {
      assertEquals(RUN.resolve(arm.label()).toString(), arm.train().outputDir());
      assertEquals(arm.train().outputDir(), arm.eval().checkpoint(), "each arm evaluates what it trained");
    }
  }

  @Test
  void s2AloneTrainsAtItsOwnLearningRate() {
    List<DemoArms.Arm> arms = progressive(Map.of("train.lr", "0.001", DemoArms.S2_LR, "0.0003"));

    assertEquals(0.001, arms.get(0).train().learningRate());
    assertEquals(0.001, arms.get(1).train().learningRate());
    assertEquals(0.0003, arms.get(2).train().learningRate());
  }

  @Test
  void efficiencyTimesTheSharedArchitectureOnceOnTheLastArm() {
    List<DemoArms.Arm> arms = progressive(Map.of());
    List<String> withoutEfficiency = EvalConfig.ALL_SUITES.stream().filter(s -> !s.equals("efficiency")).toList();

    assertEquals(withoutEfficiency, arms.get(0).eval().suites());
    assertEquals(withoutEfficiency, arms.get(1).eval().suites());
    assertEquals(EvalConfig.ALL_SUITES, arms.get(2).eval().suites());
    assertTrue(arms.get(0).evalTitle().contains("but efficiency (measured on s2)"), arms.get(0).evalTitle());
    assertTrue(arms.get(2).evalTitle().contains("every suite on its checkpoint"), arms.get(2).evalTitle());
  }

  @Test
  void suitesTheUserChoseAreKeptAndEfficiencyAloneRunsOnEveryArm() {
    List<DemoArms.Arm> chosen = progressive(Map.of("eval.suites", "caption,efficiency"));
    assertEquals(List.of("caption"), chosen.get(0).eval().suites());
    assertEquals(List.of("caption", "efficiency"), chosen.get(2).eval().suites());

    // leaving nothing to run on base and S1 would make their evals fail, so a lone efficiency stays
    List<DemoArms.Arm> alone = progressive(Map.of("eval.suites", "efficiency"));
    for (DemoArms.Arm arm : alone) {
      assertEquals(List.of("efficiency"), arm.eval().suites());
    }
  }

  @Test
  void theFullPathIsOneArmOnTheUsersOwnCheckpointAndAnUnknownStagesValueIsNamed() {
    List<DemoArms.Arm> arms = DemoArms.of(DemoArms.Stages.full,
        withSteps(Map.of("eval.checkpoint", "/tmp/mine", "train.output", "/tmp/mine")), RUN);
    assertEquals(1, arms.size());
    assertEquals("/tmp/mine", arms.get(0).eval().checkpoint());
    assertEquals(EvalConfig.ALL_SUITES, arms.get(0).eval().suites());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoArms.Stages.of("s3"));
    assertEquals("--stages must be full or progressive, got 's3'", e.getMessage());
  }
}
