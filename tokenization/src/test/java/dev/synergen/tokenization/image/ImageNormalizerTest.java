package dev.synergen.tokenization.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.reject.RejectedException;
import org.junit.jupiter.api.Test;

class ImageNormalizerTest {
  @Test
  void normalisedImagesArePngsOfTheDownscaledPixels() throws RejectedException {
    NormalizedImage image = new ImageNormalizer(new ImageConfig(1_000_000, 16)).normalize(TestImages.jpeg(64, 32));
    assertEquals(ImageFormat.JPEG, image.format());
    assertEquals(64, image.sourceWidth());
    assertEquals(32, image.sourceHeight());
    assertEquals(16, image.width());
    assertEquals(8, image.height());
    DecodedImage reread = new ImageDecoder(ImageConfig.defaults()).decode(image.png());
    assertEquals(ImageFormat.PNG, reread.format());
    assertEquals(image.imageSha256(), ImageNormalizer.pixelHash(reread.rgb()), "PNG is lossless");
  }

  @Test
  void thePixelHashIgnoresTheContainerButNotThePixels() throws RejectedException {
    ImageNormalizer normalizer = new ImageNormalizer(new ImageConfig(1_000_000, 0));
    String fromPng = normalizer.normalize(TestImages.png(12, 12)).imageSha256();
    String fromBmp = normalizer.normalize(TestImages.bmp(12, 12)).imageSha256();
    assertEquals(fromPng, fromBmp);
    assertNotEquals(fromPng, normalizer.normalize(TestImages.png(12, 13)).imageSha256());
  }

  @Test
  void thePixelHashIsAStableContract() {
    RgbImage image = new RgbImage(2, 1, new int[] {0xff0000, 0x0000ff});
    java.security.MessageDigest digest = dev.synergen.core.io.Sha256.newDigest();
    digest.update("synergen-rgb8-v1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    digest.update(new byte[] {0, 0, 0, 2, 0, 0, 0, 1, (byte) 0xff, 0, 0, 0, 0, (byte) 0xff});
    assertEquals(java.util.HexFormat.of().formatHex(digest.digest()), ImageNormalizer.pixelHash(image));
    assertArrayEquals(new byte[] {(byte) 0xff, 0, 0, 0, 0, (byte) 0xff}, image.toRgbBytes());
  }
}
