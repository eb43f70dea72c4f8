package dev.synergen.eval.suites;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** Consecutive groups of a partition's items, so an inference task runs the model once per group. */
final class Batches {
  private Batches() {}

  /** Calls {@code action} with each group of {@code size} items in order, the last group holding the rest. */
  static <T> void forEach(Iterator<T> items, int size, Consumer<List<T>> action) {
    List<T> batch = new ArrayList<>(size);
    while (items.hasNext()) {
      batch.add(items.next());
      if (batch.size() == size || !items.hasNext()) {
        action.accept(List.copyOf(batch));
        batch.clear();
      }
    }
  }
}
