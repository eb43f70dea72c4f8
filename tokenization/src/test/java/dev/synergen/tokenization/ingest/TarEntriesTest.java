package dev.synergen.tokenization.ingest;

import static dev.synergen.tokenization.ingest.ReaderAssertions.drain;
import static dev.synergen.tokenization.ingest.ReaderAssertions.readerVerdicts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.tokenization.fixtures.RawTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tar entries beyond plain files: links, devices, sparse files, GNU long names, PAX headers, gzip. */
class TarEntriesTest {
  private static final ReaderLimits LIMITS = new ReaderLimits(100_000, 10, 100_000);
  private static final byte[] IMAGE = "img".getBytes(StandardCharsets.UTF_8);

  private static List<SourceRecord> read(byte[] tar) {
    return drain(new WebDatasetShardReader("shard.tar", new ByteArrayInputStream(tar), LIMITS));
  }

  private static Map<String, String> details(List<SourceRecord> records) {
    Map<String, String> details = new LinkedHashMap<>();
    records.forEach(r -> details.put(r.sourceKey(), r.isRejected() ? r.readerError().detail() : "SAMPLE"));
    return details;
  }

  private static RawTar sample(RawTar tar, String key) {
    return tar.file(key + ".jpg", IMAGE).file(key + ".txt", "caption".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void linksDevicesPipesAndSparseFilesAreRefusedAndTheirNeighboursRead() {
    byte[] tar = RawTar.bytes(t -> {
      sample(t, "a");
      t.entry("hard.jpg", '1', "a.jpg", new byte[0]);
      t.entry("tty.jpg", '3', "", new byte[0]);
      t.entry("disk.jpg", '4', "", new byte[0]);
      t.entry("pipe.jpg", '6', "", new byte[0]);
      t.gnuSparse("sparse.jpg", new byte[700]);
      t.pax(Map.of("GNU.sparse.major", "1", "GNU.sparse.minor", "0")).file("paxsparse.jpg", new byte[10]);
      sample(t, "b");
      t.end();
    });
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("a", "SAMPLE");
    expected.put("hard.jpg", "entry is a hard link to 'a.jpg', only regular files are read: 'hard.jpg'");
    expected.put("tty.jpg", "entry is a character device, only regular files are read: 'tty.jpg'");
    expected.put("disk.jpg", "entry is a block device, only regular files are read: 'disk.jpg'");
    expected.put("pipe.jpg", "entry is a named pipe (FIFO), only regular files are read: 'pipe.jpg'");
    expected.put("sparse.jpg", "entry is a sparse file; its holes would be read as zeros: 'sparse.jpg'");
    expected.put("paxsparse.jpg", "entry is a sparse file; its holes would be read as zeros: 'paxsparse.jpg'");
    expected.put("b", "SAMPLE");
    assertEquals(expected, details(read(tar)));
  }

  @Test
  void aGnuLongNameWithinTheBoundNamesTheEntry() {
    String dir = "d".repeat(150) + "/";
    List<SourceRecord> records = read(RawTar.bytes(t -> {
      t.gnuLongName(dir + "x.jpg").file("truncated-by-gnu-tar", IMAGE);
      t.gnuLongName(dir + "x.txt").file("truncated-by-gnu-tar", "c".getBytes(StandardCharsets.UTF_8));
      t.end();
    }));
    assertEquals(Map.of(dir + "x", "SAMPLE"), readerVerdicts(records));
    assertArrayEquals(IMAGE, records.get(0).image());
  }

  @Test
  void longNamesAndPaxHeadersOverTheBoundAreSkippedUnreadAndOnlyTheirEntryIsRefused() {
    byte[] tar = RawTar.bytes(t -> {
      t.streamed("././@LongLink", 'L', 5000, (byte) 'n').file("long-name-entry.jpg", IMAGE);
      byte[] pax = RawTar.paxRecord("comment", "x".repeat(200_000));
      t.entry("PaxHeaders/big", 'x', "", pax).file("big-pax-entry.jpg", IMAGE);
      sample(t, "c");
      t.end();
    });
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("long-name-entry.jpg", "GNU long name of 5000 bytes was skipped unread, limit is 4096:"
        + " 'long-name-entry.jpg'");
    expected.put("big-pax-entry.jpg", "PAX header of " + RawTar.paxRecord("comment", "x".repeat(200_000)).length
        + " bytes was skipped unread, limit is 100000: 'big-pax-entry.jpg'");
    expected.put("c", "SAMPLE");
    assertEquals(expected, details(read(tar)));
  }

  @Test
  void paxRecordsOverrideNameAndSizeAndAreCheckedLikeAnyName() {
    byte[] tar = RawTar.bytes(t -> {
      t.pax(Map.of("path", "../../x")).file("innocent.jpg", IMAGE);
      t.pax(Map.of("path", "renamed.jpg", "size", "3")).file("placeholder", IMAGE);
      t.file("renamed.txt", "cap".getBytes(StandardCharsets.UTF_8));
      t.entry("PaxHeaders/bad", 'x', "", "99 path=oops\n".getBytes(StandardCharsets.UTF_8)).file("bad-pax.jpg", IMAGE);
      t.end();
    });
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("../../x", "entry name has a '..' segment (path traversal): '../../x'");
    expected.put("renamed", "SAMPLE");
    expected.put("bad-pax.jpg", "PAX header is malformed (bad record at byte 0): 'bad-pax.jpg'");
    assertEquals(expected, details(read(tar)));
  }

  @Test
  void aHeaderWithAWrongChecksumIsACorruptTarAfterTheSamplesBeforeIt() {
    byte[] tar = RawTar.bytes(t -> sample(sample(t, "a"), "b").file("c.jpg", IMAGE).end());
    tar[4096 + 1] ^= 1; // a byte of c.jpg's name: the checksum no longer matches
    List<SourceRecord> records = read(tar);
    assertEquals(Map.of("a", "SAMPLE", "", "CORRUPT_TAR"), readerVerdicts(records));
    String detail = records.get(1).readerError().detail();
    assertTrue(detail.startsWith("tar shard failed at byte 4608 (tar header at byte 4096 has checksum "), detail);
    assertTrue(detail.endsWith("; this is not a tar archive or it is damaged); 1 complete samples before it were kept,"
        + " sample 'b' is incomplete and was dropped"), detail);
  }

  @Test
  void captionsOverTheCaptionLimitAreRefusedUnread() {
    List<SourceRecord> records = read(RawTar.bytes(t -> t.file("a.jpg", IMAGE)
        .file("a.txt", "eleven char".getBytes(StandardCharsets.UTF_8)).end()));
    assertEquals("member a.txt has 11 bytes, limit is 10; raise the caption byte limit if such files are intended",
        records.get(0).readerError().detail());
  }

  @Test
  void gzipShardsAreReadAndACutOneIsTruncated(@TempDir Path dir) throws IOException {
    byte[] tar = RawTar.bytes(t -> sample(sample(t, "a"), "b").end());
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar);
    }
    Path whole = Files.write(dir.resolve("s.tar.gz"), gz.toByteArray());
    Path cut = Files.write(dir.resolve("cut.tgz"), java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
    assertEquals(Map.of("a", "SAMPLE", "b", "SAMPLE"), readerVerdicts(drain(WebDatasetShardReader.open(whole, LIMITS))));
    assertEquals("TRUNCATED_TAR", readerVerdicts(drain(WebDatasetShardReader.open(cut, LIMITS))).get(""));
  }
}
