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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
  void questionSamplesFollowTheirSceneWithItsImageAndLeaveTheCaptionSamplesAsTheyWere(@TempDir Path plain,
      @TempDir Path asked) throws Exception {
    ShapesCorpusConfig captions = config(plain);
    ShapesCorpusConfig questions = new ShapesCorpusConfig(asked, 21, 25, 10, ShapesWorldConfig.defaults(), 50);
    ShapesCorpusWriter.writeAll(captions);
    SampleValidator validator = new SampleValidator(ValidationConfig.defaults());
    int questionSamples = 0;
    for (int shard = 0; shard < questions.shardCount(); shard++) {
      Map<String, RawPair> byKey = new LinkedHashMap<>();
      try (CorpusReader reader = WebDatasetShardReader.open(ShapesCorpusWriter.writeShard(questions, shard),
          ReaderLimits.defaults())) {
        while (reader.hasNext()) {
          IngestOutcome outcome = validator.validate(reader.next());
          assertTrue(outcome.isAccepted(), () -> "rejected: " + outcome.reject());
          byKey.put(outcome.pair().sourceKey(), outcome.pair());
        }
      }
      Map<String, RawPair> before = new LinkedHashMap<>();
      try (CorpusReader reader = WebDatasetShardReader.open(captions.shardPath(shard), ReaderLimits.defaults())) {
        while (reader.hasNext()) {
          RawPair p = validator.validate(reader.next()).pair();
          before.put(p.sourceKey(), p);
        }
      }
      assertEquals(ShapesCorpusWriter.samples(questions, shard), byKey.size(), "samples of shard " + shard);
      for (var e : byKey.entrySet()) {
        RawPair pair = e.getValue();
        if (!e.getKey().endsWith("-question")) {
          assertEquals(before.get(e.getKey()).pairId(), pair.pairId(), "caption sample " + e.getKey() + " unchanged");
          continue;
        }
        questionSamples++;
        RawPair scene = byKey.get(e.getKey().substring(0, e.getKey().length() - "-question".length()));
        assertEquals(scene.imageSha256(), pair.imageSha256(), "the question's image is its scene's");
        assertEquals(scene.split(), pair.split(), "a question is held out with its scene");
        assertEquals(SceneJson.read(scene.metadata()), SceneJson.read(pair.metadata()));
        assertTrue(pair.caption().matches("Is there an? [a-z]+ [a-z]+ in the image\\? (yes|no)"), pair.caption());
        assertTrue(pair.metadata().contains("\"task\":\"vqa\""), pair.metadata());
      }
      assertEquals(before.keySet(), byKey.keySet().stream().filter(k -> !k.endsWith("-question"))
          .collect(Collectors.toCollection(LinkedHashSet::new)));
    }
    assertTrue(questionSamples > 5 && questionSamples < 20, questionSamples + " questions for 25 scenes at 50%");
  }

  @Test
  void configRefusesEmptyCorpora(@TempDir Path dir) {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ShapesCorpusConfig(dir, 1, 0, 10, ShapesWorldConfig.defaults()));
    assertEquals("shapes corpus count must be >= 1, got 0", e.getMessage());
  }

  @Test
  void shardsSplitTheScenesInRangesTheLastHoldingTheRestAndNoOtherShardExists(@TempDir Path dir) {
    ShapesCorpusConfig config = config(dir);
    assertEquals(List.of(0L, 10L, 20L), List.of(config.firstScene(0), config.firstScene(1), config.firstScene(2)));
    assertEquals(List.of(10L, 20L, 25L), List.of(config.endScene(0), config.endScene(1), config.endScene(2)));
    assertEquals(5, ShapesCorpusWriter.samples(config, 2), "captions only: one sample per scene");
    for (int shard : new int[] {-1, 3}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> ShapesCorpusWriter.samples(config, shard));
      assertEquals("shard must be in [0, 3), got " + shard, e.getMessage());
    }
  }
}
