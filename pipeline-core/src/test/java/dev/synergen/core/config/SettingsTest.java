package dev.synergen.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  enum Mode { FAST, CAREFUL }

  @Test
  void jsonNestingBecomesDottedKeysAndOverridesWin() throws IOException {
    Path file = dir.resolve("job.json");
    Files.writeString(file, "{\"ingest\": {\"max_pixels\": 1000, \"mode\": \"careful\"}, \"lakehouse\": \"/x\"}");
    Settings s = Settings.load(file).withOverrides(Map.of("ingest.max_pixels", "2000"), "--max-pixels");
    assertEquals(2000, s.integer("ingest.max_pixels", 1, 1, 1 << 30));
    assertEquals(Mode.CAREFUL, s.enumValue("ingest.mode", Mode.FAST, Mode.class));
    assertEquals("/x", s.string("lakehouse", null));
    s.requireAllConsumed();
  }

  @Test
  void propertiesFilesWorkToo() throws IOException {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "pack.context_length = 512\npack.i2t_ratio=0.5\n");
    Settings s = Settings.load(file);
    assertEquals(512, s.integer("pack.context_length", 0, 1, 65536));
    assertEquals(0.5, s.decimal("pack.i2t_ratio", 0, 0, 1));
  }

  @Test
  void anUnknownKeyIsAnErrorThatSuggestsTheClosestKnownKey() {
    Settings s = Settings.of(Map.of("ingest.max_pixel", "5", "ingest.split_seed", "1"));
    s.longValue("ingest.max_pixels", 1, 1, Long.MAX_VALUE);
    s.longValue("ingest.split_seed", 0, 0, Long.MAX_VALUE);
    PipelineException e = assertThrows(PipelineException.class, s::requireAllConsumed);
    assertEquals(CoreErrors.CONFIG_UNKNOWN_KEY.code(), e.errorClass());
    assertEquals("[CONFIG_UNKNOWN_KEY] unknown config key 'ingest.max_pixel' (from the given settings), "
        + "did you mean 'ingest.max_pixels'?", e.getMessage());
  }

  @Test
  void aKeyReadThroughADerivedCopyCountsAsUsedOnTheOriginalAndTheReverse() {
    Settings given = Settings.of(Map.of("train.lr", "0.001", "train.steps", "5"));
    Settings arm = given.withOverrides(Map.of("train.stage", "S2"), "demo");
    arm.decimal("train.lr", 1e-4, 0, 1);
    arm.string("train.stage", "FULL");
    given.integer("train.steps", 1, 1, 100);
    given.requireAllConsumed();
    arm.requireAllConsumed();
    Settings typo = Settings.of(Map.of("train.lrr", "0.001"));
    typo.withOverrides(Map.of("train.lr", "0.1"), "demo").decimal("train.lr", 1e-4, 0, 1);
    assertThrows(PipelineException.class, typo::requireAllConsumed, "a typo stays a typo");
  }

  @Test
  void aBadValueNamesKeyOriginExpectationAndValue() {
    Settings s = Settings.of(Map.of()).withOverrides(Map.of("ingest.max_pixels", "lots"), "--max-pixels");
    PipelineException e = assertThrows(PipelineException.class, () -> s.integer("ingest.max_pixels", 1, 1, 100));
    assertEquals("[CONFIG_BAD_VALUE] config key 'ingest.max_pixels' (from --max-pixels): expected an integer in "
        + "[1, 100], got 'lots'", e.getMessage());
    Settings range = Settings.of(Map.of("ratio", "1.5"));
    assertTrue(assertThrows(PipelineException.class, () -> range.decimal("ratio", 0, 0, 1)).getMessage()
        .contains("expected a number in [0, 1], got '1.5'"));
    Settings mode = Settings.of(Map.of("mode", "sloppy"));
    assertTrue(assertThrows(PipelineException.class, () -> mode.enumValue("mode", Mode.FAST, Mode.class))
        .getMessage().contains("expected one of [fast, careful], got 'sloppy'"));
  }

  @Test
  void malformedFilesAreClearErrors() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"a\": ");
    PipelineException e = assertThrows(PipelineException.class, () -> Settings.load(file));
    assertEquals(CoreErrors.CONFIG_BAD_FILE.code(), e.errorClass());
    assertTrue(e.getMessage().contains("cannot read config file"), e.getMessage());
    assertEquals(CoreErrors.CONFIG_BAD_FILE.code(),
        assertThrows(PipelineException.class, () -> Settings.load(dir.resolve("missing.json"))).errorClass());
  }

  @Test
  void subtreeCollectsFreeFormMaps() {
    Settings s = Settings.of(Map.of("spark.conf.spark.executor.memory", "4g", "spark.master", "local[2]"));
    assertEquals(Map.of("spark.executor.memory", "4g"), s.subtree("spark.conf"));
    s.string("spark.master", null);
    s.requireAllConsumed();
  }

  @Test
  void oneFileCanHoldEveryJobsSettingsButTyposInOwnOrUnknownSectionsFail() {
    Settings s = Settings.of(Map.of("ingest.max_pixels", "5", "pack.context_length", "64"));
    s.longValue("ingest.max_pixels", 1, 1, Long.MAX_VALUE);
    s.requireAllConsumedExcept(java.util.Set.of("pack", "train"));
    Settings typo = Settings.of(Map.of("ingest.max_pixels", "5", "ingets.max_side", "64"));
    typo.longValue("ingest.max_pixels", 1, 1, Long.MAX_VALUE);
    PipelineException e = assertThrows(PipelineException.class,
        () -> typo.requireAllConsumedExcept(java.util.Set.of("pack", "train")));
    assertTrue(e.getMessage().startsWith("[CONFIG_UNKNOWN_KEY] unknown config key 'ingets.max_side'"), e.getMessage());
  }
}
