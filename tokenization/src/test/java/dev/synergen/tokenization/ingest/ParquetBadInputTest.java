package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.fixtures.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet input that is hostile: a corrupt footer, a corrupt page, oversized cells, keys that are not names. */
class ParquetBadInputTest {
  private static final StructType SCHEMA = new StructType().add("key", DataTypes.StringType)
      .add("jpg", DataTypes.BinaryType).add("txt", DataTypes.StringType);
  private static final byte[] IMAGE = TestImages.png(8, 8);

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /** One parquet file of {@code rows} under {@code name}/, in row groups of about 100 rows. */
  private Path parquet(String name, List<Row> rows) throws IOException {
    Path out = dir.resolve(name);
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().option("parquet.block.size", 1024).parquet(out.toString());
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  private static Map<String, String> verdicts(Lakehouse lakehouse, SparkSession spark) {
    Map<String, String> out = new TreeMap<>();
    DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).collectAsList()
        .forEach(r -> out.put(r.<String>getAs("source_key"), "ACCEPTED"));
    DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).collectAsList()
        .forEach(r -> out.put(r.<String>getAs("source_key"), r.getAs("reason_code")));
    return out;
  }

  @Test
  void hostileCellsAndKeysAreRejectedOneByOneAndACorruptFooterIsOneUnreadableSource() throws IOException {
    ReaderLimits limits = new ReaderLimits(4096, 64, 1 << 20);
    Path good = parquet("good", List.of(
        RowFactory.create("ok", IMAGE, "a small gradient"),
        RowFactory.create("big", new byte[5000], "an oversized cell"),
        RowFactory.create("long-caption", TestImages.png(8, 9), "x".repeat(65)),
        RowFactory.create("esc\u001b[31m", TestImages.png(8, 10), "escape"),
        RowFactory.create("rlo\u202egnp.exe", TestImages.png(8, 11), "right-to-left override"),
        RowFactory.create("../../etc/passwd", TestImages.png(8, 12), "path-like key")));
    Path broken = parquet("broken", List.of(RowFactory.create("lost", IMAGE, "in a file without its footer")));
    try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
      f.seek(f.length() - 8);
      f.write(new byte[] {1, 2, 3, 4}); // the footer length: the footer no longer parses
    }
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    IngestConfig defaults = IngestConfig.of(IngestFormat.PARQUET, dir.resolve("good").toString(),
        dir.resolve("broken").toString());
    IngestConfig config = new IngestConfig(defaults.inputs(), defaults.format(), null, defaults.parquet(),
        defaults.validation(), limits, 1000, 64);
    JobSummary summary = IngestJob.run(spark, lakehouse, config, RunId.create("ingest"));

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("", "UNREADABLE_SOURCE");
    expected.put("../../etc/passwd", "UNSAFE_PATH");
    expected.put("big", "FILE_TOO_LARGE");
    expected.put("esc\\u001B[31m", "UNSAFE_PATH");
    expected.put("long-caption", "FILE_TOO_LARGE");
    expected.put("ok", "ACCEPTED");
    expected.put("rlo\\u202Egnp.exe", "UNSAFE_PATH");
    assertEquals(new TreeMap<>(expected), verdicts(lakehouse, spark));
    assertEquals(7, summary.input(), "six rows and one unreadable file");
    assertTrue(summary.balanced());
    Row footer = DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).where("source_key = ''").head();
    assertTrue(((String) footer.getAs("detail")).startsWith("parquet footer does not parse"), footer.toString());
    assertTrue(((String) footer.getAs("source")).endsWith(broken.getFileName().toString()));
  }

  @Test
  void aCorruptPageKeepsTheRowsReadBeforeItAndCountsTheRestAsOneUnreadableSource() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(RowFactory.create(String.format("k%03d", i), IMAGE, "caption " + i));
    }
    Path file = parquet("paged", rows);
    long secondGroup;
    long declared;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
      assertTrue(reader.getRowGroups().size() >= 2, "the fixture needs two row groups");
      secondGroup = reader.getRowGroups().get(1).getStartingPos();
      declared = reader.getRecordCount();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(secondGroup);
      f.write(new byte[64]); // the first page header of the second row group is now garbage
    }
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    JobSummary summary = IngestJob.run(spark, lakehouse, IngestConfig.of(IngestFormat.PARQUET,
        dir.resolve("paged").toString()), RunId.create("ingest"));
    assertTrue(summary.balanced());
    assertEquals(Map.of("UNREADABLE_SOURCE", 1L), summary.rejectedByReason());
    // Spark's vectorized reader fills batches of 4096 rows, so it may lose rows before the bad page too
    assertTrue(summary.accepted() < declared, summary.toJson());
    assertEquals(summary.accepted() + 1, summary.input());
    String detail = DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).head().getAs("detail");
    assertEquals("parquet file yielded " + summary.accepted() + " of the " + declared + " rows its footer declares;"
        + " the reader stopped at a corrupt page, the rows before it were kept", detail);
  }
}
