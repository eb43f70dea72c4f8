package dev.synergen.tokenization.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one device rule of every job that runs a model (tokenize, train, eval): {@code cpu};
 * {@code gpu:N} (a CUDA index); {@code gpu} (the GPU Spark assigned to the task, or device 0 on the
 * driver); {@code auto} (that GPU when there is one, else the CPU). A task that Spark gave a GPU
 * on an executor whose libtorch has no CUDA runs on the CPU under {@code auto} (logged) and fails
 * under {@code gpu}.
 */
public final class TaskDevice {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);
  private static final Pattern GPU_INDEX = Pattern.compile("gpu:(\\d{1,3})");

  private TaskDevice() {}

  /** Whether {@code choice} is auto, cpu, gpu or gpu:N. */
  public static boolean isValidChoice(String choice) {
    return choice != null && (choice.equals("auto") || choice.equals("cpu") || choice.equals("gpu")
        || GPU_INDEX.matcher(choice).matches());
  }

  /** Refuses anything but auto, cpu, gpu or gpu:N, naming {@code what} (a setting or Param). */
  public static void requireValidChoice(String choice, String what) {
    if (!isValidChoice(choice)) {
      throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, what + " must be auto, cpu, gpu or gpu:N (a"
          + " CUDA index), got '" + choice + "'");
    }
  }

  /** Resolves a choice in the current thread: inside a Spark task from its resources, else as the driver. */
  public static Device resolve(String choice) {
    requireValidChoice(choice, "device");
    if (choice.equals("cpu")) {
      return Device.cpu(); // never touch the engine's CUDA probe when the user asked for the CPU
    }
    TaskContext task = TaskContext.get();
    return resolve(choice, task == null ? null : task.resourcesJMap(), cudaDevices());
  }

  /**
   * The rule itself: {@code taskResources} are the task's Spark resources (null on the driver),
   * {@code cudaDevices} what libtorch sees.
   */
  public static Device resolve(String choice, Map<String, ResourceInformation> taskResources, int cudaDevices) {
    requireValidChoice(choice, "device");
    if (choice.equals("cpu")) {
      return Device.cpu();
    }
    Matcher index = GPU_INDEX.matcher(choice);
    if (index.matches()) {
      return cuda(Integer.parseInt(index.group(1)), cudaDevices, "device " + choice + " was requested");
    }
    ResourceInformation gpu = taskResources == null ? null : taskResources.get("gpu");
    if (gpu != null && gpu.addresses().length > 0) {
      String address = gpu.addresses()[0].trim();
      int ordinal;
      try {
        ordinal = Integer.parseInt(address);
      } catch (NumberFormatException e) {
        throw unavailable("Spark assigned GPU address '" + address + "', which is not a CUDA device index; fix the"
            + " cluster's GPU discovery script");
      }
      if (cudaDevices == 0 && choice.equals("auto")) {
        LOG.warn("Spark assigned GPU {} to this task but libtorch has no CUDA device; running on the CPU (point"
            + " PYTORCH_LIBRARY_PATH at a CUDA build of libtorch 2.7.1 to use it)", address);
        return Device.cpu();
      }
      return cuda(ordinal, cudaDevices, "Spark assigned GPU " + address + " to this task");
    }
    if (taskResources != null) {
      if (choice.equals("gpu")) {
        throw unavailable("device 'gpu' was requested but Spark assigned this task no GPU; set"
            + " spark.task.resource.gpu.amount=1 (and executor GPUs) or use device 'auto'");
      }
      return Device.cpu();
    }
    if (cudaDevices > 0) {
      return Device.gpu(0);
    }
    if (choice.equals("gpu")) {
      throw unavailable("device 'gpu' was requested but libtorch sees no CUDA device");
    }
    return Device.cpu();
  }

  /** CUDA devices the PyTorch engine sees (0 with the bundled CPU natives). */
  public static int cudaDevices() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }

  private static Device cuda(int ordinal, int cudaDevices, String what) {
    if (ordinal >= cudaDevices) {
      throw unavailable(what + " but libtorch sees " + cudaDevices + " CUDA device(s)");
    }
    return Device.gpu(ordinal);
  }

  private static PipelineException unavailable(String what) {
    return TokenizationErrors.error(TokenizationErrors.DEVICE_UNAVAILABLE, what + "; the bundled natives are CPU-only:"
        + " point PYTORCH_LIBRARY_PATH at a CUDA build of libtorch 2.7.1, or use device cpu");
  }
}
