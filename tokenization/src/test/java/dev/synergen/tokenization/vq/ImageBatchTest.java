package dev.synergen.tokenization.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageBatchTest {
  @Test
  void bufferedImagesBecomePlanarRgbInUnitRangeAndBackExactly() {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, new Color(255, 0, 0).getRGB());
    image.setRGB(1, 0, new Color(0, 255, 0).getRGB());
    image.setRGB(0, 1, new Color(0, 0, 255).getRGB());
    image.setRGB(1, 1, new Color(51, 102, 204).getRGB());
    ImageBatch batch = ImageBatch.of(List.of(image), 2);
    assertArrayEquals(new float[] {1, 0, 0, 0.2f, 0, 1, 0, 0.4f, 0, 0, 1, 0.8f}, batch.pixels(), 1e-7f);
    BufferedImage back = batch.toBufferedImage(0);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void pixelsOutsideTheUnitRangeAreRefusedWithTheirPlace() {
    float[] pixels = new float[2 * 3 * 4];
    pixels[3 * 4 + 4 + 1] = 255f;
    PipelineException e = assertThrows(PipelineException.class, () -> new ImageBatch(2, 2, pixels));
    assertEquals(TokenizationErrors.VQ_IMAGE_INVALID.code(), e.errorClass());
    assertEquals("[VQ_IMAGE_INVALID] pixel value 255.0 of image 1 (channel 1) is outside [0, 1]; "
        + "scale 8-bit values by 1/255 before tokenizing", e.getMessage());
  }

  @Test
  void nanPixelsAreRefused() {
    float[] pixels = new float[3 * 4];
    pixels[0] = Float.NaN;
    assertThrows(PipelineException.class, () -> new ImageBatch(1, 2, pixels));
  }

  @Test
  void imagesOfTheWrongSizeAreRefusedNotResized() {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    PipelineException e = assertThrows(PipelineException.class, () -> ImageBatch.of(List.of(image), 2));
    assertEquals("[VQ_IMAGE_INVALID] image 0 is 3x2 but the tokenizer takes 2x2; resize it first", e.getMessage());
  }

  @Test
  void codeGridsCheckTheirRange() {
    CodeGrids grids = new CodeGrids(2, 2, new int[] {0, 1, 2, 3, 4, 5, 16, 7});
    assertArrayEquals(new int[] {4, 5, 16, 7}, grids.image(1));
    PipelineException e = assertThrows(PipelineException.class, () -> grids.checkRange(16));
    assertEquals(TokenizationErrors.VQ_CODES_INVALID.code(), e.errorClass());
    assertEquals("[VQ_CODES_INVALID] code 16 of image 1 at row 1, column 0 is outside the codebook [0, 16)",
        e.getMessage());
  }
}
