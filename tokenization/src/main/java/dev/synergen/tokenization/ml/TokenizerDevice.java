package dev.synergen.tokenization.ml;

import ai.djl.Device;
import dev.synergen.core.PipelineException;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Where a task runs its model: {@code auto} takes the GPU Spark assigned to the task
 * ({@code spark.task.resource.gpu.amount}) and falls back to the CPU; {@code gpu} insists on one;
 * {@code cpu} never uses one.
 */
public final class TokenizerDevice {
  public static final Set<String> CHOICES = Set.of("auto", "cpu", "gpu");

  private TokenizerDevice() {}

  /** Resolves a choice inside a running task (or on the driver, where there is no task: CPU). */
  public static Device resolve(String choice) {
    TaskContext task = TaskContext.get();
    return resolve(choice, task == null ? Map.of() : task.resourcesJMap());
  }

  static Device resolve(String choice, Map<String, ResourceInformation> resources) {
    if (!CHOICES.contains(choice)) {
      throw MlErrors.param("device must be one of " + CHOICES + ", got '" + choice + "'");
    }
    if (choice.equals("cpu")) {
      return Device.cpu();
    }
    ResourceInformation gpu = resources.get("gpu");
    if (gpu != null && gpu.addresses().length > 0) {
      String address = gpu.addresses()[0];
      try {
        return Device.gpu(Integer.parseInt(address.trim()));
      } catch (NumberFormatException e) {
        throw new PipelineException(MlErrors.DEVICE_UNAVAILABLE, "Spark assigned GPU address '" + address
            + "', which is not a CUDA device index; fix the cluster's GPU discovery script");
      }
    }
    if (choice.equals("gpu")) {
      throw new PipelineException(MlErrors.DEVICE_UNAVAILABLE, "device 'gpu' was requested but Spark assigned this "
          + "task no GPU; set spark.task.resource.gpu.amount=1 (and executor GPUs) or use device 'auto'");
    }
    return Device.cpu();
  }
}
