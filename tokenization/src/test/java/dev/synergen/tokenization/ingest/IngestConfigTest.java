package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import dev.synergen.core.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
  @Test
  void defaultsNeedOnlyAnInput() {
    Settings settings = Settings.of(Map.of("ingest.input", "shards/"));
    IngestConfig config = IngestConfig.from(settings);
    assertEquals(List.of("shards/"), config.inputs());
    assertNull(config.format(), "auto-detect");
    assertEquals(ValidationConfig.defaults(), config.validation());
    assertEquals(ReaderLimits.defaults(), config.limits());
    assertEquals(ParquetColumns.img2dataset(), config.parquet());
    assertEquals(64, config.unitsPerCommit());
    settings.requireAllConsumed(); // every key it was given was understood
  }

  @Test
  void everyKeyIsRead() {
    Settings settings = Settings.of(Map.ofEntries(
        Map.entry("ingest.input", "a.tar, b.tar"),
        Map.entry("ingest.format", "webdataset"),
        Map.entry("ingest.max_pixels", "1000000"),
        Map.entry("ingest.max_side", "256"),
        Map.entry("ingest.caption.min_chars", "3"),
        Map.entry("ingest.caption.max_chars", "77"),
        Map.entry("ingest.max_member_bytes", "4096"),
        Map.entry("ingest.split.train", "0.8"),
        Map.entry("ingest.split.val", "0.1"),
        Map.entry("ingest.split.test", "0.1"),
        Map.entry("ingest.samples_per_task", "500"),
        Map.entry("ingest.units_per_commit", "8"),
        Map.entry("ingest.coco_images", "imgs"),
        Map.entry("ingest.parquet.key_column", "id"),
        Map.entry("ingest.parquet.image_column", "image"),
        Map.entry("ingest.parquet.caption_column", "caption")));
    IngestConfig config = IngestConfig.from(settings);
    settings.requireAllConsumed();
    assertEquals(List.of("a.tar", "b.tar"), config.inputs());
    assertEquals(IngestFormat.WEBDATASET, config.format());
    assertEquals(1_000_000, config.validation().image().maxPixels());
    assertEquals(256, config.validation().image().maxSide());
    assertEquals(new CaptionConfig(3, 77), config.validation().caption());
    assertEquals(new HashSplit(0.8, 0.1, 0.1), config.validation().split());
    assertEquals(new ReaderLimits(4096), config.limits());
    assertEquals(new ParquetColumns("id", "image", "caption"), config.parquet());
    assertEquals(500, config.samplesPerTask());
    assertEquals(8, config.unitsPerCommit());
    assertEquals("imgs", config.cocoImages());
  }

  @Test
  void badValuesNameTheirKey() {
    PipelineException missing = assertThrows(PipelineException.class, () -> IngestConfig.from(Settings.empty()));
    assertEquals("[CONFIG_BAD_VALUE] config key 'ingest.input' is required but not set", missing.getMessage());
    PipelineException format = assertThrows(PipelineException.class,
        () -> IngestConfig.from(Settings.of(Map.of("ingest.input", "x", "ingest.format", "zip"))));
    assertEquals(CoreErrors.CONFIG_BAD_VALUE.code(), format.errorClass());
    PipelineException split = assertThrows(PipelineException.class,
        () -> IngestConfig.from(Settings.of(Map.of("ingest.input", "x", "ingest.split.train", "0.5"))));
    assertEquals("[CONFIG_BAD_VALUE] ingest settings are inconsistent: split fractions must sum to 1, got train=0.5"
        + " val=0.01 test=0.01 (sum 0.52)", split.getMessage());
  }
}
