package dev.synergen.training.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.ml.TokenizerDevice;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;

/**
 * Where a model runs: {@code cpu}; {@code gpu:N} (a CUDA device index); {@code gpu} (the GPU Spark
 * assigned to the task, or device 0 on the driver); {@code auto} (that GPU when there is one, else
 * the CPU). Inside a Spark task the choice follows {@link TokenizerDevice}, so a training worker
 * in a barrier stage picks its task's GPU exactly as the tokenizers do.
 */
public final class TrainDevice {
  private static final Pattern GPU_INDEX = Pattern.compile("gpu:(\\d{1,3})");

  private TrainDevice() {}

  public static void requireValidChoice(String choice) {
    if (choice == null || !(choice.equals("auto") || choice.equals("cpu") || choice.equals("gpu")
        || GPU_INDEX.matcher(choice).matches())) {
      throw new PipelineException(TrainErrors.CONFIG_INVALID, "device must be auto, cpu, gpu or gpu:N (a CUDA index),"
          + " got '" + choice + "'");
    }
  }

  public static Device resolve(String choice) {
    requireValidChoice(choice);
    if (choice.equals("cpu")) {
      return Device.cpu();
    }
    Matcher index = GPU_INDEX.matcher(choice);
    if (index.matches()) {
      return gpu(Integer.parseInt(index.group(1)));
    }
    if (TaskContext.get() != null) {
      return TokenizerDevice.resolve(choice);
    }
    int gpus = gpuCount();
    if (gpus > 0) {
      return Device.gpu(0);
    }
    if (choice.equals("gpu")) {
      throw unavailable("device 'gpu' was requested but libtorch sees no CUDA device");
    }
    return Device.cpu();
  }

  private static Device gpu(int index) {
    int gpus = gpuCount();
    if (index >= gpus) {
      throw unavailable("device gpu:" + index + " was requested but libtorch sees " + gpus + " CUDA device(s)");
    }
    return Device.gpu(index);
  }

  private static int gpuCount() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }

  private static PipelineException unavailable(String what) {
    return new PipelineException(TrainErrors.DEVICE_UNAVAILABLE, what + "; the bundled natives are CPU-only: point "
        + "PYTORCH_LIBRARY_PATH at a CUDA build of libtorch 2.7.1, or use device cpu");
  }
}
