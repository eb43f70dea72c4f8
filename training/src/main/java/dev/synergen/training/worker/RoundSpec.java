package dev.synergen.training.worker;

import java.io.Serializable;
import java.util.List;

/**
 * What every worker needs for one round, shipped in the barrier stage's closure: the worker
 * settings, where the round stands, the model's shape and the exchange store.
 *
 * @param stepAtStart optimizer steps completed before the round (the schedule continues from it)
 * @param plannedSteps inner steps each worker takes this round (fewer when its shard runs out)
 * @param totalSteps steps of the whole run (the schedule's length)
 * @param previousRound the round whose weights and states this one starts from, 0 for the first
 * @param previousWorkers workers of that round (shards of its momentum), 0 for the first
 * @param shards the trainable parameters of each worker's shard, for this round's worker count
 * @param pad the PAD id, trimmed from row tails
 */
public record RoundSpec(WorkerSettings config, String runId, long round, int workers, long stepAtStart,
    long plannedSteps, long totalSteps, String modelConfigJson, ExchangeStore store, long previousRound,
    int previousWorkers, List<List<String>> shards, int pad) implements Serializable {

  public double outerLr() {
    return config.outerLr();
  }

  public double outerMomentum() {
    return config.outerMomentum();
  }

  /** One worker, outer lr 1, no momentum: the new global weights are the worker's, no exchange needed. */
  public boolean identityOuterStep() {
    return workers == 1 && outerLr() == 1.0 && outerMomentum() == 0.0;
  }
}
