package dev.synergen.tokenization.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());

  private static String rgbHex(int rgb) {
    return String.format("%06x", rgb);
  }

  private static void assertNear(int expectedRgb, int actualRgb, int tolerance) {
    for (int shift = 16; shift >= 0; shift -= 8) {
      int e = expectedRgb >>> shift & 0xff;
      int a = actualRgb >>> shift & 0xff;
      assertTrue(Math.abs(e - a) <= tolerance, "expected ~" + rgbHex(expectedRgb) + " (+-" + tolerance + "), got "
          + rgbHex(actualRgb));
    }
  }

  @Test
  void pngDecodesLosslesslyWithItsSizeAndFormat() throws RejectedException {
    DecodedImage image = decoder.decode(TestImages.png(20, 10));
    assertEquals(ImageFormat.PNG, image.format());
    assertEquals(20, image.width());
    assertEquals(10, image.height());
    assertEquals(0x000000 | 0 << 8 | 77, image.rgb().rgb(0, 0));
    assertEquals((19 * 8) << 16 | (9 * 8) << 8 | 77, image.rgb().rgb(19, 9));
  }

  @Test
  void jpegGifAndBmpDecode() throws RejectedException {
    DecodedImage jpeg = decoder.decode(TestImages.jpeg(16, 8));
    assertEquals(ImageFormat.JPEG, jpeg.format());
    assertEquals(16, jpeg.width());
    assertNear(0x00004d, jpeg.rgb().rgb(0, 0), 12);
    DecodedImage bmp = decoder.decode(TestImages.bmp(16, 8));
    assertEquals(ImageFormat.BMP, bmp.format());
    assertEquals((15 * 8) << 16 | (7 * 8) << 8 | 77, bmp.rgb().rgb(15, 7));
    DecodedImage gif = decoder.decode(TestImages.gif(16, 8));
    assertEquals(ImageFormat.GIF, gif.format());
    assertEquals(8, gif.height());
  }

  @Test
  void webpLosslessAndLossyDecode() throws RejectedException {
    DecodedImage lossless = decoder.decode(TestImages.webpLossless());
    assertEquals(ImageFormat.WEBP, lossless.format());
    assertEquals(1, lossless.width());
    assertEquals(0xffffff, lossless.rgb().rgb(0, 0), "transparent pixel composited on white");
    DecodedImage lossy = decoder.decode(TestImages.webpLossy());
    assertEquals(1, lossy.height());
    assertNear(0x828282, lossy.rgb().rgb(0, 0), 2);
  }

  @Test
  void cmykAndYcckJpegsConvertToRgb() throws RejectedException {
    DecodedImage cmyk = decoder.decode(TestImages.cmykJpeg(16, 16, 0, 255, 255, 0)); // magenta + yellow ink
    assertNear(0xff0000, cmyk.rgb().rgb(8, 8), 8);
    DecodedImage green = decoder.decode(TestImages.cmykJpeg(16, 16, 255, 0, 255, 0));
    assertNear(0x00ff00, green.rgb().rgb(8, 8), 8);
    DecodedImage ycck = decoder.decode(TestImages.ycckJpeg(16, 16, 0, 255, 255, 0));
    assertNear(0xff0000, ycck.rgb().rgb(8, 8), 8);
  }

  @Test
  void greyImagesKeepTheirLevelsInsteadOfJavasLinearGreyGamma() throws RejectedException {
    DecodedImage grey = decoder.decode(TestImages.greyPng(16, 16));
    assertEquals(0x808080, grey.rgb().rgb(0, 8), "grey level 128 (Java's getRGB would give bcbcbc)");
    assertEquals(0x111111, grey.rgb().rgb(1, 1));
    DecodedImage jpeg = decoder.decode(TestImages.greyJpeg(8, 8, 100));
    assertNear(0x646464, jpeg.rgb().rgb(4, 4), 1);
  }

  @Test
  void sixteenBitPngsRoundToEightBits() throws RejectedException {
    assertEquals(0x808080, decoder.decode(TestImages.grey16Png(4, 4, 128 * 257)).rgb().rgb(2, 2));
    assertEquals(0x7f7f7f, decoder.decode(TestImages.grey16Png(4, 4, 32767)).rgb().rgb(0, 0)); // 127.498
    assertEquals(0xff8000, decoder.decode(TestImages.rgb16Png(4, 4, 65535, 128 * 257, 0)).rgb().rgb(1, 1));
  }

  @Test
  void alphaIsCompositedOnWhite() throws RejectedException {
    // 255 * 0.5 + 0 * 0.5 over white: (c * a + 255 * (255 - a)) / 255, a = 128
    DecodedImage half = decoder.decode(TestImages.rgbaPng(4, 4, 0, 0, 255, 128));
    assertEquals(0x7f7fff, half.rgb().rgb(0, 0));
    DecodedImage clear = decoder.decode(TestImages.rgbaPng(4, 4, 10, 20, 30, 0));
    assertEquals(0xffffff, clear.rgb().rgb(0, 0));
  }

  @Test
  void palettePngsUseTheirPaletteAndTransparency() throws RejectedException {
    DecodedImage image = decoder.decode(TestImages.palettePng(8, 2));
    assertEquals(0xff0000, image.rgb().rgb(0, 0));
    assertEquals(0xffffff, image.rgb().rgb(7, 1), "transparent palette entry composited on white");
  }

  @Test
  void aHeaderDeclaringTenGigapixelsIsRefusedBeforeDecoding() {
    RejectedException e = assertThrows(RejectedException.class,
        () -> decoder.decode(BadInputFixtures.pngDeclaring(100_000, 100_000)));
    assertEquals(RejectReason.IMAGE_TOO_LARGE, e.reason());
    assertEquals("png header declares 100000x100000 = 10000000000 pixels, limit is 40000000;"
        + " raise the image pixel limit if such images are intended", e.rejection().detail());
  }

  @Test
  void thePixelLimitIsConfigurable() throws RejectedException {
    ImageDecoder strict = new ImageDecoder(new ImageConfig(199, 0));
    assertEquals(RejectReason.IMAGE_TOO_LARGE,
        assertThrows(RejectedException.class, () -> strict.decode(TestImages.png(20, 10))).reason());
    assertEquals(200, new ImageDecoder(new ImageConfig(200, 0)).decode(TestImages.png(20, 10)).rgb().pixels().length);
  }

  @Test
  void truncatedJpegAndPngAreTruncatedNotCorrupt() {
    RejectedException jpeg = assertThrows(RejectedException.class, () -> decoder.decode(BadInputFixtures.truncatedJpeg()));
    assertEquals(RejectReason.TRUNCATED_IMAGE, jpeg.reason());
    assertTrue(jpeg.rejection().detail().startsWith("jpeg file of "), jpeg.rejection().detail());
    RejectedException png = assertThrows(RejectedException.class, () -> decoder.decode(BadInputFixtures.truncatedPng()));
    assertEquals(RejectReason.TRUNCATED_IMAGE, png.reason());
  }

  @Test
  void filesMissingOnlyTheirEndMarkerAreTruncatedThoughImageIoWouldDecodeThem() {
    byte[] jpeg = TestImages.jpeg(16, 16);
    RejectedException noEoi = assertThrows(RejectedException.class,
        () -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length - 2)));
    assertEquals(RejectReason.TRUNCATED_IMAGE, noEoi.reason());
    byte[] png = TestImages.png(16, 16);
    RejectedException noIend = assertThrows(RejectedException.class,
        () -> decoder.decode(Arrays.copyOf(png, png.length - 12)));
    assertEquals(RejectReason.TRUNCATED_IMAGE, noIend.reason());
    assertTrue(noIend.rejection().detail().endsWith("ends before its IEND chunk"), noIend.rejection().detail());
  }

  @Test
  void everyPrefixOfAValidImageIsRefusedAsTruncatedOrCorrupt() {
    for (byte[] image : new byte[][] {TestImages.png(8, 8), TestImages.jpeg(8, 8), TestImages.gif(8, 8),
        TestImages.bmp(8, 8), TestImages.webpLossy()}) {
      for (int length = 1; length < image.length; length++) {
        byte[] prefix = Arrays.copyOf(image, length);
        RejectedException e = assertThrows(RejectedException.class, () -> decoder.decode(prefix),
            "prefix of " + length + " of " + image.length + " bytes was accepted");
        assertTrue(e.reason() == RejectReason.TRUNCATED_IMAGE || e.reason() == RejectReason.NOT_AN_IMAGE,
            "prefix of " + length + "/" + image.length + " bytes: " + e.getMessage());
      }
    }
  }

  @Test
  void aFlippedByteInAPngIsCorruption() {
    byte[] png = TestImages.png(16, 16);
    png[png.length - 20] ^= 0x55; // inside IDAT: the chunk CRC no longer matches
    RejectedException e = assertThrows(RejectedException.class, () -> decoder.decode(png));
    assertEquals(RejectReason.CORRUPT_IMAGE, e.reason());
    assertTrue(e.rejection().detail().startsWith("png IDAT chunk at offset "), e.rejection().detail());
  }
}
