package dev.synergen.tokenization.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The decoder's bounds: memory promised by the header, JPEG scans, time, and errors thrown inside the codec. */
class ImageDecoderGuardsTest {
  /** A 20x10 RGB PNG: 200 pixels of 3 raster bytes plus 4 bytes of sRGB copy. */
  private static final byte[] PNG_20X10 = TestImages.png(20, 10);
  private static final long PNG_20X10_DECODE_BYTES = 200 * (3 + 4);

  private static ImageDecoder decoder(long budgetBytes, long timeoutMillis, String faults) {
    return new ImageDecoder(new ImageConfig(ImageConfig.DEFAULT_MAX_PIXELS, 0, budgetBytes, timeoutMillis),
        FaultPlan.parse(faults, "test.faults"));
  }

  @Test
  void anImageWhoseHeaderPromisesMoreHeapThanTheBudgetIsRefusedBeforeDecoding() throws RejectedException {
    RejectedException e = assertThrows(RejectedException.class,
        () -> decoder(PNG_20X10_DECODE_BYTES - 1, 60_000, "").decode(PNG_20X10));
    assertEquals(RejectReason.DECODE_OVER_BUDGET, e.reason());
    assertTrue(e.rejection().detail().startsWith("png header declares 20x10 pixels of 3 bytes; decoding needs about"
        + " 0.0 MiB of heap, the decode budget is 0.0 MiB"), e.rejection().detail());
    assertEquals(20, decoder(PNG_20X10_DECODE_BYTES, 60_000, "").decode(PNG_20X10).width(), "exactly the budget fits");
  }

  @Test
  void sixteenBitRgbaCountsEightRasterBytesPerPixel() {
    byte[] png = TestImages.rgba16Png(4, 4);
    assertEquals(RejectReason.DECODE_OVER_BUDGET, assertThrows(RejectedException.class,
        () -> decoder(16 * (8 + 4) - 1, 60_000, "").decode(png)).reason());
  }

  @Test
  void aJpegWithThousandsOfScansIsRefusedBeforeDecoding() throws RejectedException {
    byte[] jpeg = BadInputFixtures.progressiveJpegWithScans(64, 64, 5000);
    RejectedException e = assertThrows(RejectedException.class, () -> decoder(0, 60_000, "").decode(jpeg));
    assertEquals(RejectReason.DECODE_OVER_BUDGET, e.reason());
    assertEquals("jpeg has more than 1000 scans (encoders write about 10); each scan makes the decoder pass over"
        + " the whole image again", e.rejection().detail());
    assertEquals(64, decoder(0, 60_000, "").decode(TestImages.progressiveJpeg(64, 64)).width(),
        "an ordinary progressive JPEG decodes");
  }

  @Test
  void aDecoderThatHangsIsAbandonedAfterTheTimeoutAndTheNextImageDecodes() throws RejectedException {
    // a budget of exactly one decode: had the hung decode kept its share, the next one would wait for it
    ImageDecoder hanging = decoder(PNG_20X10_DECODE_BYTES, 300, "decode:width=20,height=10!hang");
    long start = System.nanoTime();
    RejectedException e = assertThrows(RejectedException.class, () -> hanging.decode(PNG_20X10));
    assertEquals(RejectReason.DECODE_TIMEOUT, e.reason());
    assertEquals("png decode of 20x10 pixels took longer than 300 ms and was abandoned", e.rejection().detail());
    assertTrue((System.nanoTime() - start) / 1e6 < 5_000, "the caller waited the timeout, not the hang");
    assertEquals(9, hanging.decode(TestImages.png(20, 9)).height(), "other images still decode");
    assertEquals(20, decoder(PNG_20X10_DECODE_BYTES, 300, "").decode(PNG_20X10).width(), "the budget was released");
  }

  @Test
  void outOfMemoryAndStackOverflowInsideTheCodecFailTheImageNotTheCaller() throws RejectedException {
    RejectedException oom = assertThrows(RejectedException.class,
        () -> decoder(0, 60_000, "decode:width=20,height=10!oom").decode(PNG_20X10));
    assertEquals(RejectReason.DECODE_FAILED, oom.reason());
    assertEquals("png decode of 20x10 pixels failed inside the codec with java.lang.OutOfMemoryError: injected fault"
        + " at decode {width=20, height=10}; the image needs more heap or stack than a decode may take",
        oom.rejection().detail());
    RejectedException stack = assertThrows(RejectedException.class,
        () -> decoder(0, 60_000, "decode!stack_overflow").decode(PNG_20X10));
    assertEquals(RejectReason.DECODE_FAILED, stack.reason());
    assertTrue(stack.rejection().detail().contains("java.lang.StackOverflowError"), stack.rejection().detail());
  }

  @Test
  void decodeBudgetReservationsWaitForEachOther() throws InterruptedException {
    DecodeBudget budget = DecodeBudget.of(1_000_000);
    assertTrue(budget.reserve(600_000, 10));
    assertFalse(budget.reserve(600_000, 50), "a second large decode waits while the first holds its share");
    budget.release(600_000);
    assertTrue(budget.reserve(600_000, 10));
    budget.release(600_000);
  }

  @Test
  void imageIoNeverBuffersThroughTemporaryFiles() {
    new ImageDecoder(ImageConfig.defaults());
    assertFalse(ImageIO.getUseCache());
  }
}
