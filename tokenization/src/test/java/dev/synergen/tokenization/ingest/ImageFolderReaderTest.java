package dev.synergen.tokenization.ingest;

import static dev.synergen.tokenization.ingest.ReaderAssertions.ACCEPTED;
import static dev.synergen.tokenization.ingest.ReaderAssertions.drain;
import static dev.synergen.tokenization.ingest.ReaderAssertions.validate;
import static dev.synergen.tokenization.ingest.ReaderAssertions.verdicts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
  private static final SampleValidator VALIDATOR = new SampleValidator(ValidationConfig.defaults());

  private static void write(Path root, String name, byte[] bytes) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static void write(Path root, String name, String text) throws IOException {
    write(root, name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void imagesPairWithSidecarCaptionsByPathUpToTheLastDot(@TempDir Path root) throws IOException {
    write(root, "cats/tabby.2023.jpg", TestImages.jpeg(8, 8));
    write(root, "cats/tabby.2023.txt", "a tabby cat");
    write(root, "dogs/rex.png", TestImages.png(8, 8));
    write(root, "dogs/rex.txt", "a dog");
    write(root, "dogs/rex.json", "{\"source\":\"camera\"}");
    List<SourceRecord> records = drain(ImageFolderReader.open(root, ReaderLimits.defaults()));
    assertEquals(List.of("cats/tabby.2023", "dogs/rex"), records.stream().map(SourceRecord::sourceKey).toList());
    assertEquals(root.toString(), records.get(0).source());
    assertEquals("jpg", records.get(0).imageExtension());
    assertArrayEquals("a dog".getBytes(StandardCharsets.UTF_8), records.get(1).caption());
    assertArrayEquals("{\"source\":\"camera\"}".getBytes(StandardCharsets.UTF_8), records.get(1).metadata());
  }

  @Test
  void badFilesGetTheirReasonsAndLinksAreNeverFollowed(@TempDir Path root, @TempDir Path outside) throws IOException {
    write(root, "good.png", TestImages.png(8, 8));
    write(root, "good.txt", "fine");
    write(root, "empty.jpg", BadInputFixtures.zeroBytes());
    write(root, "empty.txt", "nothing");
    write(root, "html.jpg", BadInputFixtures.notAnImage());
    write(root, "html.txt", "not an image");
    write(root, "lonely.png", TestImages.png(8, 8));
    write(root, "orphan.txt", "no image");
    write(root, "latin1.png", TestImages.png(8, 9));
    write(root, "latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xe9});
    write(root, "README.md", "# my photos");
    write(root, ".DS_Store", new byte[] {0, 0, 0, 1});
    write(outside, "secret.png", TestImages.png(8, 8));
    Files.createSymbolicLink(root.resolve("linked.png"), outside.resolve("secret.png"));
    write(root, "linked.txt", "follows a link");

    Map<String, String> expected = new TreeMap<>(Map.of(
        "good", ACCEPTED, "empty", "EMPTY_FILE", "html", "NOT_AN_IMAGE", "lonely", "MISSING_CAPTION",
        "orphan", "MISSING_IMAGE", "latin1", "CAPTION_BAD_UTF8", "README", "MISSING_IMAGE",
        ".DS_Store", "UNSAFE_PATH", "linked.png", "UNSAFE_PATH", "linked", "MISSING_IMAGE"));
    assertEquals(expected, new TreeMap<>(verdicts(validate(ImageFolderReader.open(root, ReaderLimits.defaults()), VALIDATOR))));
  }

  @Test
  void oversizedFilesAreRefusedUnread(@TempDir Path root) throws IOException {
    write(root, "big.png", new byte[2048]);
    write(root, "big.txt", "big");
    List<SourceRecord> records = drain(ImageFolderReader.open(root, new ReaderLimits(1024)));
    assertEquals(RejectReason.FILE_TOO_LARGE, records.get(0).readerError().reason());
  }

  @Test
  void listingIsCheapAndSlicesCanBeReadSeparately(@TempDir Path root) throws IOException {
    for (int i = 0; i < 5; i++) {
      write(root, i + ".png", TestImages.png(4, 4 + i));
      write(root, i + ".txt", "image " + i);
    }
    List<ImageFolderReader.FolderSample> samples = ImageFolderReader.listSamples(root);
    assertEquals(List.of("0.png", "0.txt"), samples.get(0).members());
    List<SourceRecord> tail = drain(new ImageFolderReader(root, samples.subList(3, 5), ReaderLimits.defaults()));
    assertEquals(List.of("3", "4"), tail.stream().map(SourceRecord::sourceKey).toList());
  }

  @Test
  void aMissingFolderIsAnUnreadableSource(@TempDir Path root) {
    List<SourceRecord> records = drain(ImageFolderReader.open(root.resolve("nope"), ReaderLimits.defaults()));
    assertEquals(RejectReason.UNREADABLE_SOURCE, records.get(0).readerError().reason());
  }
}
