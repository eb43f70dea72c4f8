package dev.synergen.tokenization.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
  @Test
  void recognisesEachDecodedFormatByItsMagicBytes() throws RejectedException {
    assertEquals(ImageFormat.JPEG, ImageFormat.sniff(TestImages.jpeg(4, 4)));
    assertEquals(ImageFormat.PNG, ImageFormat.sniff(TestImages.png(4, 4)));
    assertEquals(ImageFormat.GIF, ImageFormat.sniff(TestImages.gif(4, 4)));
    assertEquals(ImageFormat.BMP, ImageFormat.sniff(TestImages.bmp(4, 4)));
    assertEquals(ImageFormat.WEBP, ImageFormat.sniff(TestImages.webpLossless()));
  }

  @Test
  void zeroBytesAreAnEmptyFile() {
    RejectedException e = assertThrows(RejectedException.class, () -> ImageFormat.sniff(BadInputFixtures.zeroBytes()));
    assertEquals(RejectReason.EMPTY_FILE, e.reason());
    assertEquals("image file has 0 bytes", e.rejection().detail());
  }

  @Test
  void textIsNotAnImageAndTheDetailShowsItsFirstBytes() {
    RejectedException e = assertThrows(RejectedException.class, () -> ImageFormat.sniff(BadInputFixtures.notAnImage()));
    assertEquals(RejectReason.NOT_AN_IMAGE, e.reason());
    assertEquals("expected the signature of jpeg, png, gif, bmp or webp, got first bytes 3c68746d6c3e3c62...",
        e.rejection().detail());
  }

  @Test
  void textStartingWithBmIsNotTakenForABitmap() {
    RejectedException e = assertThrows(RejectedException.class,
        () -> ImageFormat.sniff("BMW 320i for sale, good condition".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(RejectReason.NOT_AN_IMAGE, e.reason());
  }

  @Test
  void recognisedButUndecodedFormatsAreUnsupportedNotGarbage() {
    RejectedException tiff = assertThrows(RejectedException.class, () -> ImageFormat.sniff(TestImages.tiffHeader()));
    assertEquals(RejectReason.UNSUPPORTED_FORMAT, tiff.reason());
    assertEquals("tiff images are not decoded; supported: jpeg, png, gif, bmp, webp. Convert the image or drop it",
        tiff.rejection().detail());
    byte[] avif = {0, 0, 0, 0x1c, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0};
    assertEquals(RejectReason.UNSUPPORTED_FORMAT,
        assertThrows(RejectedException.class, () -> ImageFormat.sniff(avif)).reason());
    byte[] svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8);
    assertEquals(RejectReason.UNSUPPORTED_FORMAT,
        assertThrows(RejectedException.class, () -> ImageFormat.sniff(svg)).reason());
  }

  @Test
  void columnValuesAreLowerCaseNames() {
    assertEquals("jpeg", ImageFormat.JPEG.columnValue());
    assertEquals("webp", ImageFormat.WEBP.columnValue());
  }
}
