package dev.synergen.tokenization.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.ingest.CaptionConfig;
import dev.synergen.tokenization.ingest.CorpusReader;
import dev.synergen.tokenization.ingest.HashSplit;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestFormat;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.ingest.ParquetColumns;
import dev.synergen.tokenization.ingest.ReaderLimits;
import dev.synergen.tokenization.ingest.ValidationConfig;
import dev.synergen.tokenization.ingest.WebDatasetShardReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile WebDataset corpus through {@code synergen ingest} under a 1 GB heap (its own surefire
 * execution): every case ends in raw_pairs or in rejects with its exact reason, accepted + rejected
 * = input, the job finishes within the heap limit, and nothing is written outside the
 * lakehouse (the input is untouched, ImageIO leaves no cache file, a PAX path ../../x creates nothing).
 */
class IngestHostileTest {
  private final SparkSession spark = TestSpark.session();

  private static IngestConfig config(Path input, ReaderLimits limits, long decodeBudget, long timeoutMillis,
      String faults) {
    ImageConfig image = new ImageConfig(ImageConfig.DEFAULT_MAX_PIXELS, ImageConfig.DEFAULT_MAX_SIDE, decodeBudget,
        timeoutMillis);
    ValidationConfig validation = new ValidationConfig(image, CaptionConfig.defaults(), HashSplit.defaults(),
        FaultPlan.parse(faults, "ingest.faults"));
    return new IngestConfig(List.of(input.toString()), null, null, ParquetColumns.img2dataset(), validation, limits,
        1000, 64);
  }

  @Test
  void everyHostileShardCaseGetsItsOwnReasonAndNothingIsLostOrWrittenElsewhere(@TempDir Path dir) throws Exception {
    Path shards = Files.createDirectories(dir.resolve("corpus/shards"));
    HostileCorpus corpus = new HostileCorpus(shards).images().bigPngs().entries().hugeEntries().text().sources();
    Map<String, Long> inputBefore = Verdicts.files(dir.resolve("corpus"));
    Map<String, Long> cacheBefore = Verdicts.imageIoCacheFiles();
    Lakehouse lakehouse = TestSpark.lakehouse(dir);

    Verdicts.resetPeakHeap();
    // 600 MB of decodes at once: one 40 MP 16-bit RGBA PNG (480 MB) at a time, the other task waits its turn
    JobSummary summary = IngestJob.run(spark, lakehouse, config(shards, ReaderLimits.defaults(), 600L << 20,
        ImageConfig.DEFAULT_DECODE_TIMEOUT_MILLIS, ""), RunId.create("ingest"));
    long peak = Verdicts.peakHeapBytes();

    Map<String, String> verdicts = new TreeMap<>(Verdicts.of(spark, lakehouse, "ingest", true));
    // in a 1 GB heap the second 480 MB decode may not find room beside the first image's leftovers (G1 needs
    // contiguous regions for the raster): then it must fail as a resource failure, never as a corrupt file,
    // and at least one of the two must get through
    List<String> big = List.of("ab-big-1.tar|png-40mp-16bit-rgba", "ab-big-2.tar|png-40mp-16bit-rgba");
    assertTrue(big.stream().anyMatch(k -> "ACCEPTED".equals(verdicts.get(k))), verdicts::toString);
    big.forEach(k -> verdicts.replace(k, "DECODE_FAILED", "ACCEPTED"));
    assertEquals(new TreeMap<>(corpus.expected), verdicts, () -> "details of the rejects: "
        + DeltaTables.read(spark, lakehouse, PipelineTables.REJECTS).select("source_key", "detail").collectAsList());
    assertEquals(corpus.expected.size(), summary.input(), "one input record per case");
    assertTrue(summary.balanced(), summary.toJson());
    long max = Runtime.getRuntime().maxMemory();
    System.out.printf("hostile ingest: %d cases, %.1f s, heap pools' peaks sum to %d MB, max heap %d MB%n",
        corpus.expected.size(),
        summary.duration().toMillis() / 1000.0, peak >> 20, max >> 20);
    // no heap assertion beyond finishing: the JVM's -Xmx1g (this execution's argLine) is the limit, and an
    // OutOfMemoryError outside a guarded decode would have failed the job above

    assertEquals(inputBefore, Verdicts.files(dir.resolve("corpus")), "the input is read, never written");
    try (var entries = Files.list(dir)) {
      assertEquals(List.of("corpus", "lakehouse"), entries.map(p -> p.getFileName().toString()).sorted().toList(),
          "nothing appears beside the input and the lakehouse (the PAX path ../../x included)");
    }
    assertEquals(cacheBefore, Verdicts.imageIoCacheFiles(), "ImageIO wrote no cache file");
  }

  @Test
  void decodersThatRunOutOfHeapOrStackOrHangFailTheirRecordAndTheTaskGoesOn(@TempDir Path dir) throws Exception {
    Path shards = Files.createDirectories(dir.resolve("poison"));
    HostileCorpus corpus = new HostileCorpus(shards).poison();
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    JobSummary summary = IngestJob.run(spark, lakehouse, config(shards, ReaderLimits.defaults(), 0, 2_000,
        HostileCorpus.FAULTS), RunId.create("ingest"));
    assertEquals(new TreeMap<>(corpus.expected), Verdicts.of(spark, lakehouse, "ingest", true));
    assertTrue(summary.balanced(), summary.toJson());
  }

  @Test
  void aLongNameOf200MbAndMembersOf60MbAreStreamedPastNotBuffered(@TempDir Path dir) throws IOException {
    new HostileCorpus(dir).hugeEntries().text();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (String shard : List.of("ad-huge.tar", "ae-text.tar")) {
      long before = threads.getThreadAllocatedBytes(thread);
      long records = 0;
      try (CorpusReader reader = WebDatasetShardReader.open(dir.resolve(shard), ReaderLimits.defaults())) {
        while (reader.hasNext()) {
          reader.next();
          records++;
        }
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      long size = Files.size(dir.resolve(shard));
      System.out.printf("%s: %d MB read, %d records, %.1f MB allocated%n", shard, size >> 20, records,
          allocated / 1048576.0);
      assertTrue(allocated < 16L << 20, shard + " (" + (size >> 20) + " MB) allocated " + (allocated >> 20)
          + " MB while being read: something was buffered");
    }
  }

  @Test
  void hostileParquetFilesCellsAndKeysAreRejectedOneByOne(@TempDir Path dir) throws IOException {
    HostileParquet parquet = new HostileParquet(spark, Files.createDirectories(dir.resolve("parquet"))).write();
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    IngestConfig base = config(dir.resolve("parquet"), new ReaderLimits(1 << 20), 0,
        ImageConfig.DEFAULT_DECODE_TIMEOUT_MILLIS, "");
    IngestConfig config = new IngestConfig(base.inputs(), IngestFormat.PARQUET, null, base.parquet(),
        base.validation(), base.limits(), 1000, 64);
    JobSummary summary = IngestJob.run(spark, lakehouse, config, RunId.create("ingest"));
    assertEquals(new TreeMap<>(parquet.expected), Verdicts.of(spark, lakehouse, "ingest", true));
    assertEquals(parquet.expected.size(), summary.input());
    assertTrue(summary.balanced(), summary.toJson());
  }
}
