package dev.synergen.tokenization.vq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

class VqConfigTest {
  @Test
  void presetsMatchTheModelConfigurations() {
    assertEquals(8, VqConfig.tiny().gridSize(), "tiny: 32 px / 4");
    assertEquals(32, VqConfig.tiny().imageSize());
    VqConfig small = VqConfig.small();
    assertEquals(64, small.imageSize());
    assertEquals(4, small.downsample());
    assertEquals(16, small.gridSize());
    assertEquals(256, small.codesPerImage());
    assertEquals(1024, small.codebookSize());
    VqConfig paper = VqConfig.paper();
    assertEquals(512, paper.imageSize());
    assertEquals(8, paper.downsample());
    assertEquals(32768, paper.codebookSize());
    assertEquals(4096, paper.codesPerImage(), "Emu3's 64x64 codes of a 512 px image");
  }

  @Test
  void channelsFollowTheMultipliersPerLevel() {
    VqConfig c = new VqConfig(64, 8, 512, 8, 16, List.of(1, 2, 4, 4), 1);
    assertEquals(3, c.levels());
    assertEquals(List.of(16, 32, 64, 64), List.of(c.channels(0), c.channels(1), c.channels(2), c.channels(3)));
  }

  @Test
  void jsonRoundTripGivesTheSameConfig() throws Exception {
    for (VqConfig c : List.of(VqConfig.tiny(), VqConfig.small(), VqConfig.paper())) {
      String json = c.toJson().toString();
      assertEquals(c, VqConfig.fromJson(new ObjectMapper().readTree(json)), json);
    }
  }

  @Test
  void anotherImageSizeKeepsTheArchitectureAndScalesTheGrid() {
    VqConfig small32 = VqConfig.small().withImageSize(32);
    assertEquals(8, small32.gridSize(), "32 px / 4");
    assertEquals(VqConfig.small().codebookSize(), small32.codebookSize());
    assertEquals(VqConfig.small().channelMultipliers(), small32.channelMultipliers());
    PipelineException e = assertThrows(PipelineException.class, () -> VqConfig.small().withImageSize(30));
    assertEquals(TokenizationErrors.VQ_CONFIG_INVALID.code(), e.errorClass(), "not a multiple of the downsampling");
  }

  @Test
  void downsampleMustBeAPowerOfTwo() {
    PipelineException e = assertThrows(PipelineException.class, () -> new VqConfig(48, 3, 16, 4, 8, List.of(1, 2), 0));
    assertEquals(TokenizationErrors.VQ_CONFIG_INVALID.code(), e.errorClass());
    assertEquals("[VQ_CONFIG_INVALID] downsample must be a power of two in [2, 64] (4 and 8 are the usual choices), got 3",
        e.getMessage());
  }

  @Test
  void oneChannelMultiplierPerLevel() {
    PipelineException e = assertThrows(PipelineException.class, () -> new VqConfig(64, 8, 16, 4, 8, List.of(1, 2), 0));
    assertEquals("[VQ_CONFIG_INVALID] channelMultipliers needs log2(downsample) + 1 = 4 entries for downsample 8, "
        + "got 2 [1, 2]", e.getMessage());
  }

  @Test
  void imageSizeMustBeAMultipleOfTheDownsampling() {
    PipelineException e = assertThrows(PipelineException.class, () -> new VqConfig(30, 4, 16, 4, 8, List.of(1, 1, 1), 0));
    assertEquals("[VQ_CONFIG_INVALID] imageSize must be a multiple of downsample 4 and at most 4096, got 30",
        e.getMessage());
  }

  @Test
  void unknownJsonKeysAreRefused() throws Exception {
    var node = VqConfig.tiny().toJson().put("codebook", 7);
    PipelineException e = assertThrows(PipelineException.class, () -> VqConfig.fromJson(node));
    assertEquals(TokenizationErrors.VQ_CONFIG_INVALID.code(), e.errorClass());
    assertEquals(true, e.getMessage().startsWith("[VQ_CONFIG_INVALID] unknown VQ config key 'codebook'"), e.getMessage());
  }

  @Test
  void trainingScheduleWarmsUpThenDecaysToTheFloor() {
    VqTrainingConfig t = new VqTrainingConfig(1e-3f, 10, 110, 0.1f, 0.9f, 0.99f, 1e-8f, 1f, 0.25f, 0.99f, 1f, 7);
    assertEquals(1e-4f, t.learningRate(1), 1e-9f);
    assertEquals(1e-3f, t.learningRate(10), 1e-9f);
    assertEquals(0.55e-3f, t.learningRate(60), 1e-7f, "half way down the cosine");
    assertEquals(1e-4f, t.learningRate(110), 1e-9f);
    assertEquals(1e-4f, t.learningRate(500), 1e-9f, "stays at the floor past totalSteps");
  }

  @Test
  void trainingConfigJsonRoundTrip() {
    VqTrainingConfig t = VqTrainingConfig.defaults(1234, 42);
    assertEquals(t, VqTrainingConfig.fromJson(t.toJson()));
  }
}
