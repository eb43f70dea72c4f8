package dev.synergen.training.worker;

import ai.djl.ndarray.NDManager;
import dev.synergen.tokenization.nn.Optimizer;
import dev.synergen.training.model.SynerGenModel;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers' models and inner optimizers, kept in the executor JVM between rounds so a worker
 * that lands on the same executor does not reload its weights and state. A slot remembers the
 * round whose end state it holds; anything else (a retried round, another executor, another run)
 * reloads from the exchange store. Only one run's slots live in a JVM at a time.
 */
final class ExecutorWorkers {
  private static final Map<String, Slot> SLOTS = new ConcurrentHashMap<>();

  /** One worker's live model; {@code completedRound} is -1 while a round is changing it. */
  static final class Slot implements AutoCloseable {
    final String runId;
    final int worker;
    NDManager manager;
    SynerGenModel model;
    Optimizer optimizer;
    String modelConfigJson;
    long completedRound = -1;

    Slot(String runId, int worker) {
      this.runId = runId;
      this.worker = worker;
    }

    @Override
    public void close() {
      if (optimizer != null) {
        optimizer.close();
      }
      if (model != null) {
        model.close();
      }
      if (manager != null) {
        manager.close();
      }
      optimizer = null;
      model = null;
      manager = null;
      completedRound = -1;
    }
  }

  private ExecutorWorkers() {}

  /** The slot of {@code worker} of {@code runId}; slots of other runs are closed first. */
  static synchronized Slot slot(String runId, int worker) {
    for (Iterator<Map.Entry<String, Slot>> it = SLOTS.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Slot> e = it.next();
      if (!e.getValue().runId.equals(runId)) {
        e.getValue().close();
        it.remove();
      }
    }
    return SLOTS.computeIfAbsent(runId + "/" + worker, k -> new Slot(runId, worker));
  }

  /** Frees every slot of a run (the driver calls it when a run ends; executors free them with the next run). */
  static synchronized void release(String runId) {
    for (Iterator<Map.Entry<String, Slot>> it = SLOTS.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Slot> e = it.next();
      if (e.getValue().runId.equals(runId)) {
        e.getValue().close();
        it.remove();
      }
    }
  }
}
