package dev.synergen.eval.job;

import dev.synergen.tokenization.device.IntraOpThreads;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.training.generate.SynerGenPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints loaded once per executor JVM and shared by its tasks (the tokenizer transformers'
 * pattern). A pipeline is used by one task at a time: inference runs every core through libtorch's
 * intra-op threads, so two tasks at once would only compete for them.
 */
public final class ExecutorPipelines {
  private static final Map<String, SynerGenPipeline> PIPELINES = new ConcurrentHashMap<>();

  private ExecutorPipelines() {}

  /** The loaded pipeline of {@code spec} on the calling task's device; callers synchronise on it. */
  public static SynerGenPipeline get(InferenceSpec spec) {
    var device = TaskDevice.resolve(spec.device());
    return PIPELINES.computeIfAbsent(spec.checkpoint() + "|" + spec.tokenizer() + "|" + device, k -> {
      try {
        return SynerGenPipeline.open(Path.of(spec.checkpoint()), Path.of(spec.tokenizer()), device);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load checkpoint " + spec.checkpoint(), e);
      }
    });
  }

  /** Gives the calling task thread every core unless an explicit thread count is set (see IntraOpThreads). */
  static void applyThreads() {
    Integer explicit = Integer.getInteger(IntraOpThreads.PROPERTY);
    String omp = System.getenv("OMP_NUM_THREADS");
    int threads = explicit != null ? explicit
        : omp != null && omp.trim().matches("[1-9][0-9]*") ? Integer.parseInt(omp.trim())
        : Runtime.getRuntime().availableProcessors();
    IntraOpThreads.apply(threads);
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
  }

  /** Closes every pipeline (the driver calls it after an evaluation in local mode). */
  public static synchronized void clear() {
    PIPELINES.values().forEach(SynerGenPipeline::close);
    PIPELINES.clear();
  }
}
