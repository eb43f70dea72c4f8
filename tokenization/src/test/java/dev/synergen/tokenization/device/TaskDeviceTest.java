package dev.synergen.tokenization.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class TaskDeviceTest {
  private static final ResourceInformation GPU_1 = new ResourceInformation("gpu", new String[] {"1"});

  @Test
  void aTaskUsesTheGpuSparkAssignedItElseTheCpu() {
    assertEquals(Device.gpu(1), TaskDevice.resolve("auto", Map.of("gpu", GPU_1), 2));
    assertEquals(Device.gpu(1), TaskDevice.resolve("gpu", Map.of("gpu", GPU_1), 2));
    assertEquals(Device.cpu(), TaskDevice.resolve("auto", Map.of(), 2));
    assertEquals(Device.cpu(), TaskDevice.resolve("cpu", Map.of("gpu", GPU_1), 2));
  }

  @Test
  void anAssignedGpuOnAnEngineWithoutCudaFallsBackToTheCpuOnlyUnderAuto() {
    assertEquals(Device.cpu(), TaskDevice.resolve("auto", Map.of("gpu", GPU_1), 0));
    PipelineException strict = assertThrows(PipelineException.class,
        () -> TaskDevice.resolve("gpu", Map.of("gpu", GPU_1), 0));
    assertEquals(TokenizationErrors.DEVICE_UNAVAILABLE.code(), strict.errorClass());
    assertEquals("[DEVICE_UNAVAILABLE] Spark assigned GPU 1 to this task but libtorch sees 0 CUDA device(s); the"
        + " bundled natives are CPU-only: point PYTORCH_LIBRARY_PATH at a CUDA build of libtorch 2.7.1, or use device"
        + " cpu", strict.getMessage());
  }

  @Test
  void aTaskWithoutGpuRefusesAStrictGpuRequest() {
    PipelineException none = assertThrows(PipelineException.class, () -> TaskDevice.resolve("gpu", Map.of(), 4));
    assertEquals(TokenizationErrors.DEVICE_UNAVAILABLE.code(), none.errorClass());
  }

  @Test
  void theDriverTakesGpuZeroWhenLibtorchHasOneAndExplicitIndicesAreChecked() {
    assertEquals(Device.gpu(0), TaskDevice.resolve("auto", null, 1));
    assertEquals(Device.cpu(), TaskDevice.resolve("auto", null, 0));
    assertEquals(Device.gpu(2), TaskDevice.resolve("gpu:2", null, 4));
    assertThrows(PipelineException.class, () -> TaskDevice.resolve("gpu:2", null, 2));
    assertThrows(PipelineException.class, () -> TaskDevice.resolve("gpu", null, 0));
  }

  @Test
  void onlyAutoCpuGpuAndGpuIndexAreChoices() {
    for (String ok : new String[] {"auto", "cpu", "gpu", "gpu:0", "gpu:15"}) {
      assertEquals(true, TaskDevice.isValidChoice(ok), ok);
    }
    for (String bad : new String[] {"tpu", "GPU", "gpu:", "gpu:x", "", "cuda:0"}) {
      assertEquals(false, TaskDevice.isValidChoice(bad), bad);
    }
    PipelineException e = assertThrows(PipelineException.class, () -> TaskDevice.requireValidChoice("tpu", "x.device"));
    assertEquals("[ML_PARAM_INVALID] x.device must be auto, cpu, gpu or gpu:N (a CUDA index), got 'tpu'", e.getMessage());
  }
}
