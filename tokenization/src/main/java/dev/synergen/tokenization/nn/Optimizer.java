package dev.synergen.tokenization.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * An optimizer over named parameters whose whole state is a set of named arrays and a step count,
 * so checkpoints carry it and a resumed run continues exactly.
 */
public interface Optimizer extends AutoCloseable {
  /** Names of the parameters it updates, in its order. */
  List<String> names();

  /** The parameters it updates, in the order of {@link #names()}. */
  List<Parameter> parameters();

  /** Updates done so far. */
  long steps();

  /** Sets the step count of a restored optimizer (its arrays are restored through {@link #state()}). */
  void restoreSteps(long completedSteps);

  /** One update with learning rate {@code lr} from the current gradients. */
  void step(double lr);

  /** Its state arrays by name (live arrays: save them, or set them to restore). */
  Map<String, NDArray> state();

  @Override
  void close();
}
