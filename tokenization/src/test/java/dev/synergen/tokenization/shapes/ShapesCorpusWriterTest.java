package dev.synergen.tokenization.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.ingest.CorpusReader;
import dev.synergen.tokenization.ingest.IngestOutcome;
import dev.synergen.tokenization.ingest.RawPair;
import dev.synergen.tokenization.ingest.ReaderLimits;
import dev.synergen.tokenization.ingest.SampleValidator;
import dev.synergen.tokenization.ingest.ValidationConfig;
import dev.synergen.tokenization.ingest.WebDatasetShardReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesCorpusWriterTest {
  private static ShapesCorpusConfig config(Path dir) {
    return new ShapesCorpusConfig(dir, 21, 25, 10, ShapesWorldConfig.defaults());
  }

  @Test
  void writesShardsOfWebDatasetSamplesInKeyOrder(@TempDir Path dir) throws IOException {
    List<Path> shards = ShapesCorpusWriter.writeAll(config(dir));
    assertEquals(List.of("shapes-000000.tar", "shapes-000001.tar", "shapes-000002.tar"),
        shards.stream().map(p -> p.getFileName().toString()).toList());
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(shards.get(2)); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        names.add(e.getName());
        assertEquals(0100644, e.getMode());
        assertEquals(1_704_067_200_000L, e.getModTime().getTime());
      }
    }
    assertEquals(15, names.size());
    assertEquals(List.of("000000020.png", "000000020.txt", "000000020.json"), names.subList(0, 3));
    assertEquals("000000024.json", names.get(14));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(3, files.count(), "no temporary files left behind");
    }
  }

  @Test
  void theSameConfigGivesByteIdenticalShardsAndShardsCanBeWrittenAlone(@TempDir Path a, @TempDir Path b)
      throws IOException {
    List<Path> first = ShapesCorpusWriter.writeAll(config(a));
    Path single = ShapesCorpusWriter.writeShard(config(b), 1);
    assertEquals(Sha256.hex(first.get(1)), Sha256.hex(single));
    List<Path> again = ShapesCorpusWriter.writeAll(config(b));
    for (int i = 0; i < first.size(); i++) {
      assertEquals(Sha256.hex(first.get(i)), Sha256.hex(again.get(i)), "shard " + i);
    }
  }

  @Test
  void everyGeneratedPairPassesIngestAndKeepsItsGroundTruth(@TempDir Path dir) throws Exception {
    ShapesCorpusConfig config = config(dir);
    SampleValidator validator = new SampleValidator(ValidationConfig.defaults());
    ShapesDetector detector = new ShapesDetector(config.world());
    ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());
    int accepted = 0;
    for (Path shard : ShapesCorpusWriter.writeAll(config)) {
      try (CorpusReader reader = WebDatasetShardReader.open(shard, ReaderLimits.defaults())) {
        while (reader.hasNext()) {
          IngestOutcome outcome = validator.validate(reader.next());
          assertTrue(outcome.isAccepted(), () -> "rejected: " + outcome.reject());
          RawPair pair = outcome.pair();
          long index = Long.parseLong(pair.sourceKey());
          Scene scene = new SceneGenerator(config.world()).generate(config.seed(), index);
          assertEquals(scene, SceneJson.read(pair.metadata()));
          assertEquals(SceneJson.caption(pair.metadata()), pair.caption());
          assertEquals("png", pair.format());
          assertEquals(64, pair.width());
          List<ShapeObject> found = detector.detect(decoder.decode(pair.image()).rgb()).stream()
              .map(DetectedObject::asShapeObject).toList();
          assertEquals(scene.objects().size(), found.size(), "objects of " + pair.sourceKey());
          assertTrue(found.containsAll(scene.objects()), "detections of " + pair.sourceKey());
          accepted++;
        }
      }
    }
    assertEquals(25, accepted);
  }

  @Test
  void configRefusesEmptyCorpora(@TempDir Path dir) {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ShapesCorpusConfig(dir, 1, 0, 10, ShapesWorldConfig.defaults()));
    assertEquals("shapes corpus count must be >= 1, got 0", e.getMessage());
  }
}
