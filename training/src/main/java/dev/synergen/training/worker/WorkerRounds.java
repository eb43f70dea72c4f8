package dev.synergen.training.worker;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.device.IntraOpThreads;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.tokenization.nn.Optimizer;
import dev.synergen.tokenization.nn.Sgd;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.optim.TrainStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.util.LongAccumulator;

/**
 * One worker's part of one DiLoCo round, run as a task of the barrier stage (worker = partition):
 * H inner steps of {@link WorkerLoop} on its shard from the global weights, then the exchange
 * through shared storage with {@code barrier()} as fences:
 * <ol>
 *   <li>write its pseudo-gradient (global - local, trainable parameters only), one file per shard,
 *       and its inner optimizer state; barrier;
 *   <li>reduce-scatter: average shard {@code worker} of every worker's pseudo-gradient, take the
 *       outer Nesterov step on that shard, write the new global shard and its momentum; barrier;
 *   <li>all-gather: read every global shard into its model, which then holds the next global weights.
 * </ol>
 * With one worker, outer lr 1 and no momentum the outer step is the identity and only the global
 * weights and the inner state are written. Any failure fails the task with the worker, round and
 * attempt in its message; Spark then retries the whole barrier stage from the round's start.
 */
public final class WorkerRounds {
  private WorkerRounds() {}

  /** Frees the models and optimizers a run's workers keep in this JVM (called by the driver when the run ends). */
  public static void release(String runId) {
    ExecutorWorkers.release(runId);
  }

  /** The barrier task body: this worker's round; returns its report as a one-element iterator. */
  public static scala.collection.Iterator<String> run(RoundSpec spec, scala.collection.Iterator<ShardRow> partition,
      LongAccumulator rowsDone) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(runOne(spec, partition, rowsDone)).iterator());
  }

  private static String runOne(RoundSpec spec, scala.collection.Iterator<ShardRow> partition,
      LongAccumulator rowsDone) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int worker = ctx.partitionId();
    int attempt = ctx.stageAttemptNumber();
    ExecutorWorkers.Slot slot = ExecutorWorkers.slot(spec.runId(), worker);
    synchronized (slot) {
      try {
        return execute(spec, ctx, worker, attempt, partition, slot, rowsDone).toJson();
      } catch (Throwable t) {
        slot.completedRound = -1;
        throw TrainingErrors.error(TrainingErrors.TRAIN_WORKER_FAILED, "worker " + worker + " of " + spec.workers()
            + " failed in round " + spec.round() + " (stage attempt " + attempt + "): " + t, t);
      }
    }
  }

  private static WorkerReport execute(RoundSpec spec, BarrierTaskContext ctx, int worker, int attempt,
      scala.collection.Iterator<ShardRow> partition, ExecutorWorkers.Slot slot, LongAccumulator rowsDone) {
    WorkerSettings config = spec.config();
    FaultPlan faults = config.faults();
    faults.at("round_start", "worker", worker, "round", spec.round(), "attempt", attempt);
    IntraOpThreads.apply(threadsForThisTask());
    // autograd mode is per thread and on by default in a fresh one (a Spark task thread); DJL turns it on
    // only inside a GradientCollector, and the optimizers' in-place updates need it off
    JniUtils.setGradMode(false);
    List<List<SequenceRow>> chunks = chunks(partition, spec.pad(), (int) spec.plannedSteps());
    Device device = TaskDevice.resolve(config.device());
    ExchangeStore store = spec.store();
    long written0 = store.bytesWritten();
    long read0 = store.bytesRead();
    prepare(slot, spec, device, worker);
    slot.completedRound = -1;
    SynerGenModel model = slot.model;
    Map<String, float[]> global = trainableValues(model);

    RoundSink sink = new RoundSink(spec.stepAtStart(), config.logEvery(), spec.totalSteps(), faults, rowsDone,
        (step, lr, ids) -> writeReplay(spec, worker, slot, step, lr, ids));
    TrainStep step = new TrainStep(model, slot.optimizer, config.schedule(spec.totalSteps()),
        config.imageLossWeight(), config.clipNorm(), config.maxBadSteps(), faults);
    WorkerLoop loop = new WorkerLoop(step, model.config(), config.batchSize());
    for (List<SequenceRow> chunk : chunks) {
      // one inner step per chunk; a worker whose share of an epoch's last chunk is empty keeps the step count
      if (loop.run(chunk.iterator(), 1, sink).steps() == 0) {
        slot.optimizer.restoreSteps(slot.optimizer.steps() + 1);
      }
    }

    long exchangeStart = System.nanoTime();
    Map<String, long[]> shapes = shapes(model);
    Map<String, float[]> local = trainableValues(model);
    if (spec.identityOuterStep()) {
      store.writeTensors(RoundPaths.global(spec.round(), 0), local, shapes, Map.of());
    } else {
      for (int s = 0; s < spec.workers(); s++) {
        Map<String, float[]> delta = new LinkedHashMap<>();
        for (String name : spec.shards().get(s)) {
          delta.put(name, minus(global.get(name), local.get(name)));
        }
        store.writeTensors(RoundPaths.delta(spec.round(), worker, s), delta, shapes, Map.of());
      }
    }
    long stateBytes0 = store.bytesWritten();
    writeOptimizer(store, spec.round(), worker, slot.optimizer);
    long stateBytes = store.bytesWritten() - stateBytes0;
    ctx.barrier();
    faults.at("exchange", "worker", worker, "round", spec.round(), "attempt", attempt);
    if (!spec.identityOuterStep()) {
      outerStep(spec, worker, global, shapes);
      ctx.barrier();
      for (int s = 0; s < spec.workers(); s++) {
        apply(model, store.readTensors(RoundPaths.global(spec.round(), s)));
      }
    }
    slot.completedRound = spec.round();
    double exchangeMillis = (System.nanoTime() - exchangeStart) / 1e6;
    // the inner state is the round's checkpoint, not part of the exchange between workers
    return sink.report(worker, attempt, executorName(), assignedGpu(ctx), device.toString(), exchangeMillis,
        store.bytesWritten() - written0 - stateBytes, store.bytesRead() - read0, stateBytes);
  }

  /** Reduce-scatter and outer step of this worker's shard. */
  private static void outerStep(RoundSpec spec, int worker, Map<String, float[]> global, Map<String, long[]> shapes) {
    ExchangeStore store = spec.store();
    List<String> mine = spec.shards().get(worker);
    Map<String, float[]> mean = new LinkedHashMap<>();
    for (String name : mine) {
      mean.put(name, new float[global.get(name).length]);
    }
    for (int w = 0; w < spec.workers(); w++) {
      Map<String, float[]> delta = store.readTensors(RoundPaths.delta(spec.round(), w, worker));
      for (String name : mine) {
        float[] d = delta.get(name);
        float[] m = mean.get(name);
        if (d == null || d.length != m.length) {
          throw TrainingErrors.error(TrainingErrors.TRAIN_EXCHANGE_INVALID, RoundPaths.delta(spec.round(), w, worker)
              + " lacks parameter " + name + " or has the wrong size");
        }
        for (int i = 0; i < m.length; i++) {
          m[i] += d[i] / spec.workers();
        }
      }
    }
    Map<String, float[]> momentum = previousMomentum(spec, worker, mine);
    Map<String, float[]> next = new LinkedHashMap<>();
    for (String name : mine) {
      float[] g = global.get(name).clone();
      float[] b = momentum.computeIfAbsent(name, n -> new float[g.length]);
      OuterOptimizer.step(g, mean.get(name), b, spec.outerLr(), spec.outerMomentum());
      next.put(name, g);
    }
    store.writeTensors(RoundPaths.global(spec.round(), worker), next, shapes, Map.of());
    store.writeTensors(RoundPaths.momentum(spec.round(), worker), momentum, shapes, Map.of());
  }

  /** The outer momentum of {@code names} after the previous round (re-sharded when the worker count changed). */
  private static Map<String, float[]> previousMomentum(RoundSpec spec, int worker, List<String> names) {
    Map<String, float[]> out = new HashMap<>();
    if (spec.previousRound() == 0 || spec.previousWorkers() == 0) {
      return out;
    }
    ExchangeStore store = spec.store();
    for (int s = 0; s < spec.previousWorkers(); s++) {
      String file = RoundPaths.momentum(spec.previousRound(), s);
      if (spec.previousWorkers() == spec.workers() && s != worker) {
        continue; // same sharding as before: only this worker's own file holds its names
      }
      if (store.exists(file)) {
        store.readTensors(file).forEach((name, v) -> {
          if (names.contains(name)) {
            out.put(name, v);
          }
        });
      }
    }
    return out;
  }

  /** Builds or reloads the worker's model and inner optimizer at the state the previous round left. */
  private static void prepare(ExecutorWorkers.Slot slot, RoundSpec spec, Device device, int worker) {
    if (slot.model != null && spec.modelConfigJson().equals(slot.modelConfigJson)
        && slot.completedRound == spec.previousRound() && spec.previousRound() > 0) {
      return;
    }
    slot.close();
    WorkerSettings config = spec.config();
    ExchangeStore store = spec.store();
    slot.manager = NDManager.newBaseManager(device);
    Map<String, float[]> init = store.readTensors(RoundPaths.INIT);
    SynerGenModel model = SynerGenModel.create(ModelConfig.fromJson(spec.modelConfigJson()));
    model.initialize(slot.manager, DataType.FLOAT32, (m, p, dt) -> {
      float[] v = init.get(p.name());
      if (v == null || v.length != p.size()) {
        throw TrainingErrors.error(TrainingErrors.TRAIN_EXCHANGE_INVALID, RoundPaths.INIT + " lacks parameter "
            + p.name() + " " + p.shape() + " or has the wrong size");
      }
      return m.create(v, p.shape());
    });
    slot.model = model;
    slot.modelConfigJson = spec.modelConfigJson();
    model.setTrainableGroups(config.trainable());
    if (spec.previousRound() > 0) {
      // the previous round wrote one global shard per worker (one file when it had a single worker)
      for (int s = 0; s < spec.previousWorkers(); s++) {
        apply(model, store.readTensors(RoundPaths.global(spec.previousRound(), s)));
      }
    }
    slot.optimizer = "sgd".equals(config.innerOptimizer()) ? new Sgd(model.trainableParameters(), config.weightDecay())
        : new AdamW(model.trainableParameters(), AdamWConfig.paper().withWeightDecay(config.weightDecay()),
            slot.manager);
    readOptimizer(store, spec, worker, slot.optimizer);
    slot.completedRound = spec.previousRound();
  }

  /**
   * The first non-finite step of a worker in a round, dumped so it can be replayed exactly and single
   * threaded: the batch's row ids, the step and learning rate, the weights and the optimizer state
   * (unchanged by the skipped step, so they are the state before it). Under {@code replay/} of the run's store.
   */
  private static void writeReplay(RoundSpec spec, int worker, ExecutorWorkers.Slot slot, long step, double lr,
      List<String> seqIds) {
    String dir = "replay/step-" + step + "/worker-" + worker;
    ExchangeStore store = spec.store();
    if (store.exists(dir + "/replay.json")) {
      return;
    }
    Map<String, float[]> weights = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (ModelParameter p : slot.model.parameters()) {
      weights.put(p.name(), p.toFloats());
      shapes.put(p.name(), p.shape().getShape());
    }
    store.writeTensors(dir + "/model.safetensors", weights, shapes, Map.of());
    Map<String, float[]> state = new LinkedHashMap<>();
    Map<String, long[]> stateShapes = new LinkedHashMap<>();
    slot.optimizer.state().forEach((name, array) -> {
      state.put(name, array.toType(DataType.FLOAT32, false).toFloatArray());
      stateShapes.put(name, array.getShape().getShape());
    });
    store.writeTensors(dir + "/optimizer.safetensors", state, stateShapes, Map.of());
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("run_id", spec.runId());
    record.put("round", spec.round());
    record.put("worker", worker);
    record.put("step", step);
    record.put("optimizer_steps", step - 1);
    record.put("learning_rate", lr);
    record.put("seq_ids", seqIds);
    record.put("model_config", spec.modelConfigJson());
    try {
      store.writeString(dir + "/replay.json", new com.fasterxml.jackson.databind.ObjectMapper()
          .writerWithDefaultPrettyPrinter().writeValueAsString(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeOptimizer(ExchangeStore store, long round, int worker, Optimizer optimizer) {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    optimizer.state().forEach((name, array) -> {
      values.put(name, array.toType(DataType.FLOAT32, false).toFloatArray());
      shapes.put(name, array.getShape().getShape());
    });
    store.writeTensors(RoundPaths.optimizer(round, worker), values, shapes,
        Map.of("steps", Long.toString(optimizer.steps())));
    store.writeString(RoundPaths.optimizer(round, worker) + ".steps", Long.toString(optimizer.steps()));
  }

  /** Restores the worker's inner state of the previous round; a worker new to the run starts fresh at the run's step. */
  private static void readOptimizer(ExchangeStore store, RoundSpec spec, int worker, Optimizer optimizer) {
    String file = RoundPaths.optimizer(spec.previousRound(), worker);
    if (spec.previousRound() > 0 && store.exists(file)) {
      Map<String, float[]> saved = store.readTensors(file);
      Map<String, NDArray> state = optimizer.state();
      if (!saved.keySet().equals(state.keySet())) {
        throw TrainingErrors.error(TrainingErrors.TRAIN_STATE_INVALID, file + " holds the state of other parameters"
            + " than the ones this stage trains; the run directory belongs to another stage or model");
      }
      state.forEach((name, array) -> array.set(saved.get(name)));
      optimizer.restoreSteps(Long.parseLong(store.readString(file + ".steps").trim()));
    } else {
      optimizer.restoreSteps(spec.stepAtStart());
    }
  }

  /** This worker's rows of each of the round's {@code steps} chunks, in the global order. */
  private static List<List<SequenceRow>> chunks(scala.collection.Iterator<ShardRow> partition, int pad, int steps) {
    List<ShardRow> raw = new ArrayList<>();
    while (partition.hasNext()) {
      raw.add(partition.next());
    }
    raw.sort(Comparator.comparingLong(r -> r.rank));
    List<List<SequenceRow>> chunks = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      chunks.add(new ArrayList<>());
    }
    for (ShardRow r : raw) {
      if (r.chunk >= steps) {
        throw new IllegalStateException("row " + r.seqId + " belongs to chunk " + r.chunk + " of a round of " + steps
            + " steps");
      }
      chunks.get(r.chunk).add(SequenceRow.trimmed(r.seqId, r.tokens, r.lossMask, pad,
          new EpochPosition(r.epoch, r.orderKey, r.seqId)));
    }
    return chunks;
  }

  /**
   * Every core of the JVM: workers that share an executor take turns step by step (see {@link
   * TrainStep}), so one step never competes with another; an explicit {@code
   * -Dai.djl.pytorch.num_threads} or {@code OMP_NUM_THREADS} wins.
   */
  private static int threadsForThisTask() {
    Integer explicit = Integer.getInteger(IntraOpThreads.PROPERTY);
    if (explicit != null) {
      return explicit;
    }
    String omp = System.getenv("OMP_NUM_THREADS");
    if (omp != null && omp.trim().matches("[1-9][0-9]*")) {
      return Integer.parseInt(omp.trim());
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** The executor and JVM the task runs in, e.g. {@code 1@12345}. */
  private static String executorName() {
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    return (env == null ? "?" : env.executorId()) + "@" + ProcessHandle.current().pid();
  }

  /** The GPU address Spark assigned to this task, or null. */
  private static String assignedGpu(BarrierTaskContext ctx) {
    var gpu = ctx.resourcesJMap().get("gpu");
    return gpu == null || gpu.addresses().length == 0 ? null : String.join(",", gpu.addresses());
  }

  private static Map<String, float[]> trainableValues(SynerGenModel model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ModelParameter p : model.parameters()) {
      if (p.trainable()) {
        out.put(p.name(), p.toFloats());
      }
    }
    return out;
  }

  private static Map<String, long[]> shapes(SynerGenModel model) {
    Map<String, long[]> out = new HashMap<>();
    for (ModelParameter p : model.parameters()) {
      out.put(p.name(), p.shape().getShape());
    }
    return out;
  }

  private static void apply(SynerGenModel model, Map<String, float[]> values) {
    values.forEach((name, v) -> model.parameter(name).setFloats(v));
  }

  private static float[] minus(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }
}
