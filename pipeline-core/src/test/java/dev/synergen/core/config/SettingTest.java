package dev.synergen.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A setting declared once reads, validates and documents itself. */
class SettingTest {
  private final SettingsGroup group = new SettingsGroup("demo");
  private final Setting<Integer> size = group.add(Setting.integer("demo.size", 16, 1, 64).flag("--size", "N")
      .doc("How many."));
  private final Setting<Double> rate = group.add(Setting.decimal("demo.rate", null, Double.MIN_VALUE, 10)
      .defaultText("the stage's").doc("How fast."));
  private final Setting<Boolean> strict = group.add(Setting.bool("demo.strict", null).doc("Whether strict."));
  private final Setting<String> mode = group.add(Setting.choice("demo.mode", "pad", "pad", "pack").doc("Layout."));
  private final Setting<List<String>> files = group.add(Setting.list("demo.files").doc("Inputs."));

  @Test
  void unsetKeysGiveTheDeclaredDefaultEvenWhenItIsNull() {
    Settings empty = Settings.empty();
    assertEquals(16, size.get(empty));
    assertNull(rate.get(empty));
    assertNull(strict.get(empty));
    assertEquals("pad", mode.get(empty));
    assertEquals(List.of(), files.get(empty));
    assertEquals(0.5, rate.getOr(empty, 0.5));
  }

  @Test
  void setKeysAreParsedAndRangeChecked() {
    Settings s = Settings.of(Map.of("demo.size", "8", "demo.rate", "2e-3", "demo.strict", "true", "demo.mode", "PACK",
        "demo.files", "a, b,,c"));
    assertEquals(List.of(8, 2e-3, true, "pack", List.of("a", "b", "c")),
        List.of(size.get(s), rate.get(s), strict.get(s), mode.get(s), files.get(s)));
    PipelineException tooBig = assertThrows(PipelineException.class,
        () -> size.get(Settings.of(Map.of("demo.size", "65"))));
    assertEquals("[CONFIG_BAD_VALUE] config key 'demo.size' (from the given settings): expected an integer in [1, 64],"
        + " got '65'", tooBig.getMessage());
    assertThrows(PipelineException.class, () -> mode.get(Settings.of(Map.of("demo.mode", "zip"))));
  }

  @Test
  void helpSaysTheDocTheRangeAndTheDefault() {
    assertEquals("How many. Allowed: [1, 64]. Default: 16.", size.help());
    assertEquals("How fast. Allowed: (0, 10]. Default: the stage's.", rate.help());
    assertEquals("Layout. Allowed: pad, pack. Default: pad.", mode.help());
    assertEquals("--size", size.flag());
    assertEquals(5, group.all().size());
    assertThrows(IllegalStateException.class, () -> group.add(Setting.integer("demo.size", 1, 1, 2).doc("Again.")));
    assertThrows(IllegalArgumentException.class, () -> group.add(Setting.integer("other.size", 1, 1, 2).doc("Out.")));
  }
}
