package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder, COCO and parquet corpora through the same Spark job as WebDataset shards. */
class IngestFormatsJobTest {
  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  private static IngestConfig withTasks(IngestConfig c, int samplesPerTask, String cocoImages) {
    return new IngestConfig(c.inputs(), c.format(), cocoImages, c.parquet(), c.validation(), c.limits(),
        samplesPerTask, c.unitsPerCommit());
  }

  private List<String> sorted(Lakehouse lakehouse, String table, String column) {
    return DeltaTables.read(spark, lakehouse, table.equals("raw_pairs") ? PipelineTables.RAW_PAIRS : PipelineTables.REJECTS)
        .orderBy(column).collectAsList().stream().map(r -> r.<String>getAs(column)).toList();
  }

  @Test
  void anImageFolderIsSlicedIntoTasksAndDetectedWithoutAFormat() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("photos"));
    for (int i = 0; i < 5; i++) {
      Files.write(folder.resolve("img" + i + ".png"), TestImages.png(8, 8 + i));
      Files.writeString(folder.resolve("img" + i + ".txt"), "picture " + i, StandardCharsets.UTF_8);
    }
    Files.write(folder.resolve("broken.jpg"), BadInputFixtures.truncatedJpeg());
    Files.writeString(folder.resolve("broken.txt"), "cut off", StandardCharsets.UTF_8);
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    JobSummary summary = IngestJob.run(spark, lakehouse, withTasks(IngestConfig.of(null, folder.toString()), 2, null),
        RunId.create("ingest"));
    assertEquals("folder", summary.extra().get("format"));
    assertEquals(3, summary.extra().get("tasks"));
    assertEquals(5, summary.accepted());
    assertEquals(Map.of("TRUNCATED_IMAGE", 1L), summary.rejectedByReason());
    assertEquals(List.of("img0", "img1", "img2", "img3", "img4"), sorted(lakehouse, "raw_pairs", "source_key"));
  }

  @Test
  void aCocoCaptionsFileYieldsOnePairPerCaption() throws IOException {
    Path images = Files.createDirectories(dir.resolve("val2017"));
    Files.write(images.resolve("1.jpg"), TestImages.jpeg(16, 16));
    Files.write(images.resolve("2.png"), TestImages.png(16, 8));
    Path annotations = dir.resolve("captions_val2017.json");
    Files.writeString(annotations, """
        {"images": [{"id": 1, "file_name": "1.jpg"}, {"id": 2, "file_name": "2.png"}, {"id": 3, "file_name": "3.jpg"}],
         "annotations": [{"id": 10, "image_id": 1, "caption": "a gradient"},
                         {"id": 11, "image_id": 1, "caption": "a colourful square"},
                         {"id": 20, "image_id": 2, "caption": "a wide gradient"},
                         {"id": 30, "image_id": 3, "caption": "lost"},
                         {"id": 40, "image_id": 4, "caption": "orphan"}]}
        """, StandardCharsets.UTF_8);
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    IngestConfig config = withTasks(IngestConfig.of(null, annotations.toString()), 5, images.toString());
    JobSummary summary = IngestJob.run(spark, lakehouse, config, RunId.create("ingest"));
    assertEquals("coco", summary.extra().get("format"));
    assertEquals(3, summary.accepted());
    assertEquals(Map.of("MISSING_IMAGE", 2L), summary.rejectedByReason());
    assertEquals(List.of("1.jpg#10", "1.jpg#11", "2.png#20"), sorted(lakehouse, "raw_pairs", "source_key"));
    assertEquals(List.of("3.jpg#30", "annotation 40"), sorted(lakehouse, "rejects", "source_key"));
    Row first = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).orderBy("source_key").head();
    assertEquals("{\"image_id\":1,\"annotation_id\":10}", first.getAs("meta"));

    PipelineException noImages = assertThrows(PipelineException.class, () -> IngestJob.run(spark, lakehouse,
        withTasks(IngestConfig.of(IngestFormat.COCO, annotations.toString()), 5, null), RunId.create("ingest")));
    assertEquals(TokenizationErrors.INGEST_COCO_IMAGES_REQUIRED.code(), noImages.errorClass());
  }

  @Test
  void img2datasetParquetKeepsOtherColumnsAsMetadataAndRefusesFailedDownloads() {
    StructType schema = new StructType(new StructField[] {
        new StructField("key", DataTypes.StringType, true, Metadata.empty()),
        new StructField("jpg", DataTypes.BinaryType, true, Metadata.empty()),
        new StructField("txt", DataTypes.StringType, true, Metadata.empty()),
        new StructField("url", DataTypes.StringType, true, Metadata.empty()),
        new StructField("status", DataTypes.StringType, true, Metadata.empty())});
    List<Row> rows = List.of(
        RowFactory.create("000000000", TestImages.jpeg(16, 16), "a gradient", "http://x/0.jpg", "success"),
        RowFactory.create("000000001", TestImages.png(8, 8), "a small gradient", "http://x/1.png", "success"),
        RowFactory.create("000000002", null, null, "http://x/2.jpg", "failed_to_download"));
    Path parquet = dir.resolve("00000.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    JobSummary summary = IngestJob.run(spark, lakehouse, IngestConfig.of(IngestFormat.PARQUET, parquet.toString()),
        RunId.create("ingest"));
    assertEquals(2, summary.accepted());
    assertEquals(Map.of("MISSING_IMAGE", 1L), summary.rejectedByReason());
    assertTrue(summary.balanced());
    Row first = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).orderBy("source_key").head();
    assertEquals("000000000", first.getAs("source_key"));
    assertEquals("{\"url\":\"http://x/0.jpg\",\"status\":\"success\"}", first.getAs("meta"));
    assertEquals("jpeg", first.getAs("format"));
  }
}
