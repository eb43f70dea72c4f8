package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestUnitsTest {
  private final Configuration hadoop = new Configuration();

  @Test
  void theFormatIsDetectedFromWhatTheInputsHold(@TempDir Path dir) throws IOException {
    Path tars = Files.createDirectories(dir.resolve("tars/sub"));
    Files.write(tars.resolve("b.tar"), new byte[0]);
    Files.write(dir.resolve("tars/a.tar"), new byte[0]);
    Path parquet = Files.createDirectories(dir.resolve("pq"));
    Files.write(parquet.resolve("0.parquet"), new byte[0]);
    Path photos = Files.createDirectories(dir.resolve("photos"));
    Files.write(photos.resolve("x.jpg"), new byte[0]);
    Path coco = Files.write(dir.resolve("captions.json"), new byte[0]);
    assertEquals(IngestFormat.WEBDATASET, IngestUnits.detect(List.of(dir.resolve("tars").toString()), hadoop));
    assertEquals(IngestFormat.PARQUET, IngestUnits.detect(List.of(parquet.toString()), hadoop));
    assertEquals(IngestFormat.FOLDER, IngestUnits.detect(List.of(photos.toString()), hadoop));
    assertEquals(IngestFormat.COCO, IngestUnits.detect(List.of(coco.toString()), hadoop));
    PipelineException both = assertThrows(PipelineException.class,
        () -> IngestUnits.detect(List.of(dir.resolve("tars").toString(), parquet.toString()), hadoop));
    assertEquals(TokenizationErrors.INGEST_FORMAT_AMBIGUOUS.code(), both.errorClass());
  }

  @Test
  void shardsAreListedRecursivelyInPathOrderOneUnitEach(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/b.tar"), new byte[0]);
    Files.write(dir.resolve("a.tar"), new byte[0]);
    Files.write(dir.resolve("notes.txt"), new byte[0]);
    IngestPlan plan = IngestUnits.plan(IngestConfig.of(null, dir.toString()), hadoop);
    assertEquals(IngestFormat.WEBDATASET, plan.format());
    assertEquals(2, plan.units().size());
    assertTrue(plan.units().get(0).endsWith("/a.tar\"}"), plan.units().get(0));
    assertTrue(plan.units().get(1).endsWith("/sub/b.tar\"}"), plan.units().get(1));
  }

  @Test
  void missingInputsAndEmptyFoldersAreClearErrors(@TempDir Path dir) {
    PipelineException missing = assertThrows(PipelineException.class,
        () -> IngestUnits.plan(IngestConfig.of(null, dir.resolve("nope").toString()), hadoop));
    assertEquals("[INGEST_INPUT_MISSING] ingest input " + dir.resolve("nope") + " does not exist", missing.getMessage());
    PipelineException none = assertThrows(PipelineException.class,
        () -> IngestUnits.plan(IngestConfig.of(IngestFormat.WEBDATASET, dir.toString()), hadoop));
    assertEquals(TokenizationErrors.INGEST_NO_INPUT_FILES.code(), none.errorClass());
    PipelineException remoteFolder = assertThrows(PipelineException.class,
        () -> IngestUnits.localPath("s3a://bucket/photos"));
    assertEquals(TokenizationErrors.INGEST_INPUT_NOT_LOCAL.code(), remoteFolder.errorClass());
  }

  @Test
  void gzipShardsAreListedAndTarsInOtherCompressionsAreRefusedByName(@TempDir Path dir) throws IOException {
    for (String name : List.of("a.tar", "b.tar.gz", "c.tgz", "d.tar.bz2", "e.tar.zst", "notes.txt")) {
      Files.write(dir.resolve(name), new byte[0]);
    }
    assertEquals(IngestFormat.WEBDATASET, IngestUnits.detect(List.of(dir.toString()), hadoop));
    List<String> units = IngestUnits.plan(IngestConfig.of(null, dir.toString()), hadoop).units();
    assertEquals(5, units.size(), units.toString());
    assertTrue(units.get(1).endsWith("/b.tar.gz\"}") && units.get(2).endsWith("/c.tgz\"}"), units.toString());
    List<SourceRecord> bz2 = ReaderAssertions.drain(IngestUnits.open(units.get(3), ReaderLimits.defaults(), hadoop));
    assertEquals(1, bz2.size());
    assertEquals("UNREADABLE_SOURCE", bz2.get(0).readerError().reason().name());
    assertEquals("a bz2-compressed tar; only .tar, .tar.gz and .tgz shards are read: decompress or re-compress it"
        + " with gzip", bz2.get(0).readerError().detail());
  }
}
