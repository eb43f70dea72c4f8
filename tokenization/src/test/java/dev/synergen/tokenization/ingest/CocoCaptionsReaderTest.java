package dev.synergen.tokenization.ingest;

import static dev.synergen.tokenization.ingest.ReaderAssertions.ACCEPTED;
import static dev.synergen.tokenization.ingest.ReaderAssertions.drain;
import static dev.synergen.tokenization.ingest.ReaderAssertions.validate;
import static dev.synergen.tokenization.ingest.ReaderAssertions.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoCaptionsReaderTest {
  private static final String ANNOTATIONS = """
      {"info": {"year": 2017}, "licenses": [],
       "images": [
         {"id": 2, "file_name": "b.png", "width": 8, "height": 9},
         {"id": 1, "file_name": "a.jpg"},
         {"id": 3, "file_name": "gone.jpg"},
         {"id": 4, "file_name": "../escape.jpg"},
         {"id": 5, "file_name": "nocaption.png"},
         {"file_name": "noid.png"},
         {"id": 1, "file_name": "again.jpg"}
       ],
       "annotations": [
         {"id": 11, "image_id": 1, "caption": "A cat on a mat."},
         {"id": 10, "image_id": 1, "caption": "  a   cat "},
         {"id": 20, "image_id": 2, "caption": "bad \\ud800 surrogate"},
         {"id": 21, "image_id": 2, "caption": "a bee"},
         {"id": 30, "image_id": 3, "caption": "missing file"},
         {"id": 40, "image_id": 4, "caption": "outside the folder"},
         {"id": 90, "image_id": 99, "caption": "orphan"},
         {"id": 91, "image_id": 1},
         {"id": 92, "image_id": 1, "caption": 7},
         {"image_id": 1, "caption": "no id"}
       ]}
      """;

  private static Path setUp(Path dir) throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("a.jpg"), TestImages.jpeg(8, 8));
    Files.write(images.resolve("b.png"), TestImages.png(8, 9));
    Files.write(images.resolve("nocaption.png"), TestImages.png(8, 10));
    Files.write(dir.resolve("escape.jpg"), TestImages.jpeg(8, 8));
    Path annotations = dir.resolve("captions_train.json");
    Files.writeString(annotations, ANNOTATIONS, StandardCharsets.UTF_8);
    return annotations;
  }

  @Test
  void everyAnnotationAndUncaptionedImageIsAccountedFor(@TempDir Path dir) throws IOException {
    Path annotations = setUp(dir);
    List<IngestOutcome> outcomes = validate(CocoCaptionsReader.open(annotations, dir.resolve("images"),
        ReaderLimits.defaults()), new SampleValidator(ValidationConfig.defaults()));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("images[5]", "MALFORMED_METADATA");
    expected.put("images[6]", "DUPLICATE_KEY");
    expected.put("annotation 91", "MISSING_CAPTION");
    expected.put("annotation 92", "MALFORMED_METADATA");
    expected.put("annotations[9]", "MALFORMED_METADATA");
    expected.put("nocaption.png", "MISSING_CAPTION");
    expected.put("annotation 90", "MISSING_IMAGE");
    expected.put("a.jpg#10", ACCEPTED);
    expected.put("a.jpg#11", ACCEPTED);
    expected.put("b.png#20", "CAPTION_BAD_UTF8");
    expected.put("b.png#21", ACCEPTED);
    expected.put("gone.jpg#30", "MISSING_IMAGE");
    expected.put("../escape.jpg#40", "UNSAFE_PATH");
    assertEquals(expected, verdicts(outcomes));
    RawPair first = outcomes.stream().filter(IngestOutcome::isAccepted).findFirst().orElseThrow().pair();
    assertEquals("a cat", first.caption());
    assertEquals("{\"image_id\":1,\"annotation_id\":10}", first.metadata());
    assertEquals(annotations.toString(), first.source());
  }

  @Test
  void linksOutOfTheImageFolderAreUnsafe(@TempDir Path dir) throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.write(outside.resolve("secret.png"), TestImages.png(8, 8));
    Files.createSymbolicLink(images.resolve("sub"), outside);
    Path annotations = dir.resolve("c.json");
    Files.writeString(annotations, "{\"images\": [{\"id\": 1, \"file_name\": \"sub/secret.png\"}],"
        + " \"annotations\": [{\"id\": 5, \"image_id\": 1, \"caption\": \"x\"}]}", StandardCharsets.UTF_8);
    SourceRecord only = drain(CocoCaptionsReader.open(annotations, images, ReaderLimits.defaults())).get(0);
    assertEquals(RejectReason.UNSAFE_PATH, only.readerError().reason());
    assertEquals("image sub/secret.png resolves outside the image folder through a symbolic link",
        only.readerError().detail());
  }

  @Test
  void theImageOfSeveralCaptionsIsReadOnce(@TempDir Path dir) throws IOException {
    Path annotations = setUp(dir);
    List<SourceRecord> records = drain(CocoCaptionsReader.open(annotations, dir.resolve("images"), ReaderLimits.defaults()));
    SourceRecord first = records.stream().filter(r -> r.sourceKey().equals("a.jpg#10")).findFirst().orElseThrow();
    SourceRecord second = records.stream().filter(r -> r.sourceKey().equals("a.jpg#11")).findFirst().orElseThrow();
    assertSame(first.image(), second.image());
  }

  @Test
  void anUnparseableAnnotationsFileIsOneUnreadableSource(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"images\": [", StandardCharsets.UTF_8);
    List<SourceRecord> records = drain(CocoCaptionsReader.open(broken, dir, ReaderLimits.defaults()));
    assertEquals(1, records.size());
    assertEquals(RejectReason.UNREADABLE_SOURCE, records.get(0).readerError().reason());
    Path wrongShape = dir.resolve("wrong.json");
    Files.writeString(wrongShape, "{\"images\": []}", StandardCharsets.UTF_8);
    SourceRecord only = drain(CocoCaptionsReader.open(wrongShape, dir, ReaderLimits.defaults())).get(0);
    assertTrue(only.readerError().detail().endsWith("needs arrays 'images' and 'annotations'; found images=true, annotations=false"),
        only.readerError().detail());
  }
}
