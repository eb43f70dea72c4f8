package dev.synergen.tokenization.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.fixtures.DebPackages;
import dev.synergen.tokenization.fixtures.ShardMembers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corpus fashion-mnist} on a package built like Debian's (IDX files under
 * /usr/share/datasets/fashion-mnist): every image becomes a captioned WebDataset sample with its
 * exact grey pixels, and the files are checked against each other. (The real package is fetched and
 * ingested by hand: README, "Real image corpora".)
 */
class FashionMnistCorpusTest {
  private static final int SIDE = 28;
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @TempDir Path dir;

  @BeforeAll
  static void dpkgDeb() throws Exception {
    DebPackages.assumeDpkgDeb();
  }

  @Test
  void everyImageBecomesACaptionedSampleWithItsOwnPixels() throws Exception {
    Path deb = fashionDeb(new int[] {9, 0, 1, 2, 3}, new int[] {4, 5});

    FashionMnistCorpus.Summary summary = FashionMnistCorpus.fromDeb(deb, dir.resolve("out"), 6, 4, QUIET);

    assertEquals(6, summary.images());
    assertEquals(Map.of("train", 5, "test", 1), summary.perSplit());
    assertEquals(2, summary.shards().size(), "6 images at 4 per shard");
    Map<String, byte[]> members = ShardMembers.read(summary.shards());
    assertEquals(18, members.size(), "a png, a txt and a json per image");
    assertEquals("a photo of an ankle boot", text(members.get("train-00000.txt")));
    assertEquals("a photo of a t-shirt", text(members.get("train-00001.txt")));
    assertEquals("a photo of a coat", text(members.get("test-00000.txt")));
    JsonNode meta = new ObjectMapper().readTree(members.get("test-00000.json"));
    assertEquals("Coat", meta.get("class").asText());
    assertEquals("test", meta.get("source_split").asText());

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(members.get("train-00003.png")));
    assertEquals(SIDE, image.getWidth());
    assertEquals(SIDE, image.getHeight());
    byte[] grey = new byte[SIDE * SIDE];
    image.getRaster().getDataElements(0, 0, SIDE, SIDE, grey);
    assertArrayEquals(pixels(3), grey);

    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out").resolve(FashionMnistCorpus.MANIFEST).toFile());
    assertEquals(FashionMnistCorpus.PACKAGE.sha256(), manifest.get("package").get("sha256").asText());
    assertEquals(1, manifest.get("per_class").get("Ankle boot").asInt());
  }

  @Test
  void idxFilesThatAreTruncatedMislabelledOrDisagreeAreRefused() throws Exception {
    byte[] images = idx3(3);
    PipelineException truncated = assertThrows(PipelineException.class,
        () -> IdxArrays.parse("train-images", Arrays.copyOf(images, images.length - 1), 3));
    assertTrue(truncated.getMessage().contains("holds " + (3 * SIDE * SIDE - 1) + " bytes"), truncated.getMessage());
    assertEquals(TokenizationErrors.CORPUS_FETCH_FAILED.code(), truncated.errorClass());

    PipelineException labelsAsImages = assertThrows(PipelineException.class,
        () -> IdxArrays.parse("train-labels", idx1(new int[20]), 3));
    assertTrue(labelsAsImages.getMessage().contains("IDX magic"), labelsAsImages.getMessage());

    assertThrows(PipelineException.class, () -> IdxArrays.read("train-images", images, 3, 1 << 20),
        "raw bytes are no gzip stream");

    IdxArrays.Array three = IdxArrays.parse("i", images, 3);
    PipelineException disagree = assertThrows(PipelineException.class,
        () -> new FashionMnistCorpus.Split("train", three, IdxArrays.parse("l", idx1(new int[] {1, 2}), 1)));
    assertTrue(disagree.getMessage().contains("3 images but l 2 labels"), disagree.getMessage());
    PipelineException eleventh = assertThrows(PipelineException.class,
        () -> new FashionMnistCorpus.Split("train", three, IdxArrays.parse("l", idx1(new int[] {1, 10, 2}), 1)));
    assertTrue(eleventh.getMessage().contains("has label 10 at 1"), eleventh.getMessage());
  }

  /** A package like Debian's: gzipped IDX files of training and test images with these labels. */
  private Path fashionDeb(int[] trainLabels, int[] testLabels) throws Exception {
    Path root = dir.resolve("pkg");
    Path data = Files.createDirectories(root.resolve("usr/share/datasets/fashion-mnist"));
    Files.write(data.resolve("train-images-idx3-ubyte.gz"), gzip(idx3(trainLabels.length)));
    Files.write(data.resolve("train-labels-idx1-ubyte.gz"), gzip(idx1(trainLabels)));
    Files.write(data.resolve("t10k-images-idx3-ubyte.gz"), gzip(idx3(testLabels.length)));
    Files.write(data.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idx1(testLabels)));
    Files.writeString(Files.createDirectories(root.resolve("usr/share/doc/dataset-fashion-mnist")).resolve("README"),
        "not a corpus file");
    return DebPackages.build(root, "dataset-fashion-mnist", dir);
  }

  /** Image {@code i}'s pixels: a pattern unique to it. */
  private static byte[] pixels(int i) {
    byte[] p = new byte[SIDE * SIDE];
    for (int k = 0; k < p.length; k++) {
      p[k] = (byte) ((k * (i + 3) + i * 17) % 256);
    }
    return p;
  }

  private static byte[] idx3(int count) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * SIDE * SIDE);
    b.put(new byte[] {0, 0, 8, 3}).putInt(count).putInt(SIDE).putInt(SIDE);
    for (int i = 0; i < count; i++) {
      b.put(pixels(i));
    }
    return b.array();
  }

  private static byte[] idx1(int[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.put(new byte[] {0, 0, 8, 1}).putInt(labels.length);
    for (int label : labels) {
      b.put((byte) label);
    }
    return b.array();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
