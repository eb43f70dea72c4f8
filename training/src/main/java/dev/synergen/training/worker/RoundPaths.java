package dev.synergen.training.worker;


/**
 * Where each part of a round lives in the {@link ExchangeStore}, relative to its root:
 * <pre>
 * init/model.safetensors                   every parameter at the start of the run (frozen groups never move)
 * round-000012/delta/worker-1/shard-0      worker 1's pseudo-gradient, shard 0 (deleted once the round is published)
 * round-000012/global/shard-0              the global weights of shard 0 after the outer step
 * round-000012/momentum/shard-0            the outer Nesterov momentum of shard 0
 * round-000012/workers/worker-1/optimizer  worker 1's inner optimizer state after the round
 * round-000012/state.json                  the driver's record of the round (written last: the round is complete)
 * </pre>
 */
public final class RoundPaths {
  public static final String INIT = "init/model.safetensors";

  private RoundPaths() {}

  public static String round(long round) {
    return String.format("round-%06d", round);
  }

  public static String delta(long round, int worker, int shard) {
    return round(round) + "/delta/worker-" + worker + "/shard-" + shard + ".safetensors";
  }

  public static String deltas(long round) {
    return round(round) + "/delta";
  }

  public static String global(long round, int shard) {
    return round(round) + "/global/shard-" + shard + ".safetensors";
  }

  public static String momentum(long round, int shard) {
    return round(round) + "/momentum/shard-" + shard + ".safetensors";
  }

  public static String optimizer(long round, int worker) {
    return round(round) + "/workers/worker-" + worker + "/optimizer.safetensors";
  }

  public static String state(long round) {
    return round(round) + "/state.json";
  }
}
