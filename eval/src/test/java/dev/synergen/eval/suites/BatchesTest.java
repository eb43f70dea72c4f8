package dev.synergen.eval.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
  @Test
  void itemsComeInOrderInGroupsOfTheSizeTheLastHoldingTheRest() {
    List<List<Integer>> groups = new ArrayList<>();
    Batches.forEach(List.of(1, 2, 3, 4, 5, 6, 7).iterator(), 3, groups::add);
    assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7)), groups);

    groups.clear();
    Batches.forEach(List.of(1, 2).iterator(), 2, groups::add);
    assertEquals(List.of(List.of(1, 2)), groups, "no empty group after a full one");

    groups.clear();
    Batches.forEach(List.<Integer>of().iterator(), 4, groups::add);
    assertEquals(List.of(), groups, "no items, no call");
  }
}
