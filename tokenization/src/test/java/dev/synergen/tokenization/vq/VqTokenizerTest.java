package dev.synergen.tokenization.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import dev.synergen.core.io.ArtifactManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An untrained tiny tokenizer: tensor shapes, parameter names, save/load, bad input. */
class VqTokenizerTest {
  @TempDir Path dir;

  @Test
  void parameterNamesAreTheChildNamesWithoutDjlOrdinals() {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      Map<String, ai.djl.nn.Parameter> p = t.parameters();
      assertEquals("[encoder.stem.weight, encoder.stem.bias, encoder.down0.weight, encoder.down0.bias, "
          + "encoder.down1.weight, encoder.down1.bias, encoder.res0.conv1.weight, encoder.res0.conv1.bias, "
          + "encoder.res0.conv2.weight, encoder.res0.conv2.bias, encoder.proj.weight, encoder.proj.bias, "
          + "quantizer.codebook, quantizer.cluster_size, quantizer.embed_sum, decoder.proj.weight, decoder.proj.bias, "
          + "decoder.res0.conv1.weight, decoder.res0.conv1.bias, decoder.res0.conv2.weight, decoder.res0.conv2.bias, "
          + "decoder.up1.weight, decoder.up1.bias, decoder.up0.weight, decoder.up0.bias, decoder.out.weight, "
          + "decoder.out.bias]", p.keySet().toString());
      // tiny: 16 channels at 32 px, 32 at 16 px and 8 px; codes of dimension 16 from 256 entries
      assertEquals(new Shape(16, 3, 3, 3), p.get("encoder.stem.weight").getArray().getShape());
      assertEquals(new Shape(32, 16, 4, 4), p.get("encoder.down0.weight").getArray().getShape());
      assertEquals(new Shape(16, 32, 1, 1), p.get("encoder.proj.weight").getArray().getShape());
      assertEquals(new Shape(256, 16), p.get("quantizer.codebook").getArray().getShape());
      assertEquals(new Shape(256), p.get("quantizer.cluster_size").getArray().getShape());
      assertEquals(new Shape(128, 32, 3, 3), p.get("decoder.up1.weight").getArray().getShape());
      assertEquals(new Shape(64, 32, 3, 3), p.get("decoder.up0.weight").getArray().getShape());
      assertEquals(new Shape(3, 16, 3, 3), p.get("decoder.out.weight").getArray().getShape());
    }
  }

  @Test
  void forwardShapesOfEveryOutput() {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1);
        NDScope scope = new NDScope();
        NDManager batch = t.manager().newSubManager()) {
      NDList out = t.model().forward(t.store(), new NDList(batch.zeros(new Shape(2, 3, 32, 32))), false);
      assertEquals(new Shape(2, 3, 32, 32), out.get(0).getShape(), "reconstruction");
      assertEquals(new Shape(2, 8, 8), out.get(1).getShape(), "codes");
      assertEquals(new Shape(), out.get(2).getShape(), "commitment loss");
      assertEquals(new Shape(128, 16), out.get(3).getShape(), "flat latents");
      assertEquals(new Shape(128), out.get(4).getShape(), "quantization errors");
    }
  }

  @Test
  void paperConfigurationShapesWithoutAllocatingWeights() {
    VqModel model = new VqModel(VqConfig.paper());
    Shape[] out = model.getOutputShapes(new Shape[] {new Shape(1, 3, 512, 512)});
    assertEquals(new Shape(1, 3, 512, 512), out[0]);
    assertEquals(new Shape(1, 64, 64), out[1]);
    assertEquals(new Shape(4096, 4), out[3]);
  }

  @Test
  void encodeDecodeAndLatentsHaveTheDocumentedLayout() {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      ImageBatch images = TestImages.scenes(32, 3, 5).next();
      CodeGrids codes = t.encode(images);
      assertEquals(3, codes.count());
      assertEquals(8, codes.grid());
      codes.checkRange(256);
      ImageBatch decoded = t.decode(codes);
      assertEquals(3, decoded.count());
      assertEquals(32, decoded.size());
      assertEquals(3 * 64 * 16, t.encodeLatents(images).length);
      VqTokenizer.Reconstruction r = t.reconstruct(images);
      assertArrayEquals(codes.codes(), r.codes().codes());
      assertArrayEquals(decoded.pixels(), r.images().pixels(), 1e-6f);
    }
  }

  @Test
  void batchesLargerThanOneChunkGiveTheSameCodesAsSingleImages() {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      ImageBatch images = TestImages.scenes(32, VqTokenizer.CHUNK + 3, 9).next();
      CodeGrids all = t.encode(images);
      int last = images.count() - 1;
      assertArrayEquals(t.encode(images.slice(last, last + 1)).image(0), all.image(last));
    }
  }

  @Test
  void saveLoadRoundTripGivesIdenticalCodesImagesAndVersion() throws Exception {
    ImageBatch images = TestImages.scenes(32, 4, 3).next();
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 11)) {
      t.save(dir);
      try (VqTokenizer loaded = VqTokenizer.load(dir)) {
        assertEquals(t.config(), loaded.config());
        assertArrayEquals(t.encode(images).codes(), loaded.encode(images).codes());
        assertArrayEquals(t.codebook(), loaded.codebook());
        assertArrayEquals(t.reconstruct(images).images().pixels(), loaded.reconstruct(images).images().pixels());
        assertEquals(t.version(), loaded.version());
      }
    }
  }

  @Test
  void versionDependsOnTheWeights() {
    try (VqTokenizer a = VqTokenizer.create(VqConfig.tiny(), 1); VqTokenizer b = VqTokenizer.create(VqConfig.tiny(), 2)) {
      assertNotEquals(a.version(), b.version());
      assertEquals(true, a.version().matches("vq-[0-9a-f]{16}"), a.version());
    }
  }

  @Test
  void aTamperedModelFileIsRefused() throws Exception {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      t.save(dir);
    }
    Path model = dir.resolve(VqTokenizer.MODEL_FILE);
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length - 3] ^= 0x5a;
    Files.write(model, bytes);
    PipelineException e = assertThrows(PipelineException.class, () -> VqTokenizer.load(dir));
    assertEquals(CoreErrors.ARTIFACT_TAMPERED.code(), e.errorClass());
  }

  @Test
  void aDirectoryWithoutManifestIsRefused() throws Exception {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      t.save(dir);
    }
    Files.delete(dir.resolve(ArtifactManifest.FILE_NAME));
    PipelineException e = assertThrows(PipelineException.class, () -> VqTokenizer.load(dir));
    assertEquals(CoreErrors.ARTIFACT_INCOMPLETE.code(), e.errorClass());
  }

  @Test
  void imagesOfAnotherResolutionAreRefused() {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      PipelineException e = assertThrows(PipelineException.class, () -> t.encode(TestImages.scenes(64, 1, 1).next()));
      assertEquals("[VQ_IMAGE_INVALID] images are 64x64 but this tokenizer takes 32x32; resize them first",
          e.getMessage());
    }
  }

  @Test
  void codesOutsideTheCodebookAreRefusedBeforeDecoding() {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      int[] codes = new int[64];
      codes[10] = 256;
      PipelineException e = assertThrows(PipelineException.class, () -> t.decode(new CodeGrids(1, 8, codes)));
      assertEquals("[VQ_CODES_INVALID] code 256 of image 0 at row 1, column 2 is outside the codebook [0, 256)",
          e.getMessage());
      PipelineException grid = assertThrows(PipelineException.class, () -> t.decode(new CodeGrids(1, 4, new int[16])));
      assertEquals("[VQ_CODES_INVALID] code grids are 4x4 but this tokenizer decodes 8x8", grid.getMessage());
    }
  }

  @Test
  void encodingLeavesNoNativeArraysBehind() {
    try (VqTokenizer t = VqTokenizer.create(VqConfig.tiny(), 1)) {
      ImageBatch images = TestImages.scenes(32, 2, 1).next();
      t.encode(images);
      int before = t.manager().getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        t.decode(t.encode(images));
        t.encodeLatents(images);
      }
      assertEquals(before, t.manager().getManagedArrays().size(),
          "arrays alive: " + Arrays.toString(t.manager().getManagedArrays().stream().map(a -> a.getShape()).toArray()));
    }
  }
}
