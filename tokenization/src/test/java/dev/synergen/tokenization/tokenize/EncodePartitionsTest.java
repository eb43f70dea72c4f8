package dev.synergen.tokenization.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** Encode partitions follow the task slots and the rows, never the bytes. */
class EncodePartitionsTest {
  @Test
  void twoTasksPerSlotWhenThereIsEnoughWork() {
    assertEquals(4, EncodePartitions.count(9_750, 2, 64));
    assertEquals(16, EncodePartitions.count(1_000_000, 8, 64));
  }

  @Test
  void noTaskGetsLessThanABatch() {
    assertEquals(3, EncodePartitions.count(150, 8, 64), "150 rows are 3 batches of 64");
    assertEquals(1, EncodePartitions.count(10, 2, 64));
    assertEquals(1, EncodePartitions.count(0, 2, 64), "an empty input still has one partition");
  }

  @Test
  void badArgumentsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EncodePartitions.count(10, 0, 64));
    assertEquals("rows 10, slots 0, batch size 64: slots and batch size must be >= 1, rows >= 0", e.getMessage());
  }

  @Test
  void theSharedTestSessionHasTwoSlots() {
    assertEquals(2, EncodePartitions.slots(TestSpark.session()));
  }
}
