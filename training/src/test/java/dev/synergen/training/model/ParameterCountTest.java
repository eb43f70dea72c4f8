package dev.synergen.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ParameterCountTest {
  @Test
  void paperConfigMatchesPublishedTotalAndActiveCountsWithoutAllocating() {
    ParameterCount count = SynerGenModel.count(ModelConfig.paper());
    double total = count.total() / 1e9;
    double active = count.activePerToken() / 1e9;
    assertTrue(Math.abs(total - 3.6) / 3.6 < 0.10, "total " + total + "B vs published 3.6B: " + count);
    assertTrue(Math.abs(active - 2.4) / 2.4 < 0.10, "active " + active + "B vs published 2.4B: " + count);
  }

  @Test
  void groupsPartitionTheModelAndStagesTrainTheDocumentedSubsets() {
    ModelConfig c = ModelConfig.paper();
    ParameterCount count = SynerGenModel.count(c);
    long sum = count.group(ParameterGroup.TEXT) + count.group(ParameterGroup.ATTENTION)
        + count.group(ParameterGroup.IMAGE);
    assertEquals(count.total(), sum);
    long d = c.hidden();
    long attention = c.layers() * (2 * d * d + 2 * d * c.kvDim());
    assertEquals(attention, count.group(ParameterGroup.ATTENTION));
    double s1 = count.trainable(EnumSet.of(ParameterGroup.IMAGE)) / 1e9;
    double s2 = count.trainable(EnumSet.of(ParameterGroup.IMAGE, ParameterGroup.ATTENTION)) / 1e9;
    // An independent PyTorch implementation measured S1 1.67B and S2 1.97B (DESIGN section 10).
    assertTrue(Math.abs(s1 - 1.67) / 1.67 < 0.10, "S1 trains " + s1 + "B");
    assertTrue(Math.abs(s2 - 1.97) / 1.97 < 0.10, "S2 trains " + s2 + "B");
  }

  @Test
  void tinyCountIsExactFromTheFormula() {
    ModelConfig c = ModelConfig.tiny(100);
    long d = 64;
    long rows = 100 + 6;
    long ffn = 3 * d * 256;
    long attention = 2 * d * d + 2 * d * 32;
    long layer = 2 * d + attention + 2 * ffn;
    long folding = 256 * d + 64 * d + (8 * d * d + d) + (d * d + d);
    long head = 256 * d + 8 * d + (2 * d + attention + ffn) + d + 256 * d;
    long expected = rows * d + 2 * layer + d + rows * d + folding + head;
    ParameterCount count = SynerGenModel.count(c);
    assertEquals(expected, count.total(), count.toString());
    assertEquals(expected - 2 * ffn, count.activePerToken());
  }
}
