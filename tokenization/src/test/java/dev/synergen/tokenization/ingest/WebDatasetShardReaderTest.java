package dev.synergen.tokenization.ingest;

import static dev.synergen.tokenization.ingest.ReaderAssertions.drain;
import static dev.synergen.tokenization.ingest.ReaderAssertions.readerVerdicts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.tokenization.fixtures.TarBuilder;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebDatasetShardReaderTest {
  private static final ReaderLimits LIMITS = new ReaderLimits(1000);

  private static List<SourceRecord> read(byte[] tar) {
    return drain(new WebDatasetShardReader("shard.tar", new ByteArrayInputStream(tar), LIMITS));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Three samples a, b, c with 300-byte "images" so truncation can land inside data. */
  private static TarBuilder threeSamples() {
    TarBuilder tar = new TarBuilder();
    for (String key : List.of("a", "b", "c")) {
      tar.file(key + ".jpg", new byte[300]).text(key + ".txt", "caption " + key);
    }
    return tar;
  }

  @Test
  void consecutiveEntriesWithOneKeyFormOneSample() {
    byte[] tar = new TarBuilder()
        .file("./000001.jpg", bytes("img1")).text("./000001.txt", "one").text("./000001.json", "{\"k\":1}")
        .file("./000001.cls", bytes("7"))
        .directory("part/")
        .file("part/000002.seg.png", bytes("mask")).file("part/000002.PNG", bytes("img2")).text("part/000002.txt", "two")
        .build();
    List<SourceRecord> records = read(tar);
    assertEquals(2, records.size());
    SourceRecord first = records.get(0);
    assertEquals("shard.tar", first.source());
    assertEquals("000001", first.sourceKey());
    assertArrayEquals(bytes("img1"), first.image());
    assertEquals("jpg", first.imageExtension());
    assertArrayEquals(bytes("one"), first.caption());
    assertArrayEquals(bytes("{\"k\":1}"), first.metadata());
    SourceRecord second = records.get(1);
    assertEquals("part/000002", second.sourceKey());
    assertArrayEquals(bytes("img2"), second.image(), "seg.png is an unknown member, .PNG the image");
    assertEquals("png", second.imageExtension());
    assertNull(second.metadata());
  }

  @Test
  void samplesMissingMembersStillComeOutForTheValidatorToJudge() {
    List<SourceRecord> records = read(new TarBuilder().text("a.txt", "only text").file("b.png", bytes("x")).build());
    assertNull(records.get(0).image());
    assertNull(records.get(1).caption());
  }

  @Test
  void duplicatedMembersAndRepeatedKeysAreRefused() {
    byte[] tar = new TarBuilder()
        .file("a.jpg", bytes("1")).file("a.png", bytes("2")).text("a.txt", "x")
        .file("b.jpg", bytes("3")).text("b.txt", "y")
        .file("a.webp", bytes("4")).text("a.txt", "z")
        .build();
    Map<String, String> verdicts = new LinkedHashMap<>();
    List<SourceRecord> records = read(tar);
    records.forEach(r -> verdicts.merge(r.sourceKey(), r.isRejected() ? r.readerError().reason().name() : "SAMPLE",
        (x, y) -> x + "," + y));
    assertEquals(Map.of("a", "DUPLICATE_MEMBER,DUPLICATE_KEY", "b", "SAMPLE"), verdicts);
    assertEquals("sample has two members of one kind: a.jpg and a.png; keep one image, one caption and one json per key",
        records.get(0).readerError().detail());
  }

  @Test
  void membersOverTheByteLimitAreRefusedAndTheNextSampleIsStillRead() {
    byte[] tar = new TarBuilder().file("big.jpg", new byte[5000]).text("big.txt", "x")
        .file("ok.jpg", bytes("1")).text("ok.txt", "y").build();
    List<SourceRecord> records = read(tar);
    assertEquals(Map.of("big", "FILE_TOO_LARGE", "ok", "SAMPLE"), readerVerdicts(records));
    assertEquals("member big.jpg has 5000 bytes, limit is 1000; raise the member byte limit if such files are intended",
        records.get(0).readerError().detail());
  }

  @Test
  void unsafeNamesAndLinksAreRefusedWithoutDisturbingTheirNeighbours() {
    byte[] tar = new TarBuilder()
        .file("a.jpg", bytes("1"))
        .file("../../etc/x", bytes("owned"))
        .text("a.txt", "x")
        .symlink("b.jpg", "/etc/passwd")
        .file("/abs.jpg", bytes("2"))
        .file("c\u001b.jpg", bytes("3"))
        .build();
    List<SourceRecord> records = read(tar);
    Map<String, String> verdicts = readerVerdicts(records);
    assertEquals(Map.of("../../etc/x", "UNSAFE_PATH", "a", "SAMPLE", "b.jpg", "UNSAFE_PATH", "/abs.jpg", "UNSAFE_PATH",
        "c\\u001B.jpg", "UNSAFE_PATH"), verdicts);
    Map<String, SourceRecord> byKey = new LinkedHashMap<>();
    records.forEach(r -> byKey.put(r.sourceKey(), r));
    assertEquals("entry name has a '..' segment (path traversal): '../../etc/x'",
        byKey.get("../../etc/x").readerError().detail());
    assertEquals("entry is a symbolic link to '/etc/passwd', only regular files are read: 'b.jpg'",
        byKey.get("b.jpg").readerError().detail());
    assertArrayEquals(bytes("1"), byKey.get("a").image(), "sample a is whole although an unsafe entry sat inside it");
    assertArrayEquals(bytes("x"), byKey.get("a").caption());
  }

  @Test
  void aTruncatedShardKeepsCompleteSamplesAndEndsWithOneTruncatedTar() {
    byte[] full = threeSamples().build();
    // entries: a.jpg header 0, data 512..812; a.txt header 1024; b.jpg header 2048, data 2560..2860
    List<SourceRecord> records = read(TarBuilder.truncate(full, 2700));
    assertEquals(List.of("a", ""), records.stream().map(SourceRecord::sourceKey).toList());
    SourceRecord truncated = records.get(1);
    assertEquals(RejectReason.TRUNCATED_TAR, truncated.readerError().reason());
    assertEquals("tar shard failed at byte 2700 (Truncated TAR archive); 1 complete samples before it were kept,"
        + " sample 'b' is incomplete and was dropped", truncated.readerError().detail());
  }

  @Test
  void everyPrefixOfAShardYieldsOnlyCompleteSamplesThenOneRefusal() {
    byte[] full = threeSamples().build();
    int[] sampleEnds = {2048, 4096, 6144}; // a sample is complete once the next one's header begins
    int firstEndBlockComplete = 6144 + 512; // from here on all data and one end-of-archive block are present
    for (int length = firstEndBlockComplete; length <= full.length; length++) {
      assertEquals(Map.of("a", "SAMPLE", "b", "SAMPLE", "c", "SAMPLE"), readerVerdicts(read(TarBuilder.truncate(full, length))),
          "prefix " + length);
    }
    for (int length = 0; length < firstEndBlockComplete; length++) {
      List<SourceRecord> records = read(TarBuilder.truncate(full, length));
      SourceRecord last = records.get(records.size() - 1);
      RejectReason expected = length == 0 ? RejectReason.EMPTY_FILE : RejectReason.TRUNCATED_TAR;
      assertEquals(expected, last.readerError() == null ? null : last.readerError().reason(), "prefix " + length);
      for (SourceRecord r : records.subList(0, records.size() - 1)) {
        assertNull(r.readerError(), "prefix " + length + ": " + r);
        assertEquals(300, r.image().length, "prefix " + length + " key " + r.sourceKey());
      }
      int complete = 0;
      for (int end : sampleEnds) {
        complete += length > end ? 1 : 0;
      }
      assertTrue(records.size() - 1 <= complete, "prefix " + length + " yielded " + (records.size() - 1)
          + " samples, only " + complete + " are complete");
    }
  }

  @Test
  void aShardWithoutItsEndOfArchiveBlocksIsTruncated() {
    List<SourceRecord> records = read(threeSamples().buildWithoutEndMarker());
    assertEquals(List.of("a", "b", ""), records.stream().map(SourceRecord::sourceKey).toList());
    assertEquals("tar shard ends after 6144 bytes without its end-of-archive blocks; 2 complete samples before it"
        + " were kept, sample 'c' is incomplete and was dropped; re-copy or re-create the shard",
        records.get(2).readerError().detail());
  }

  @Test
  void aCompleteShardHasNoRefusal() {
    assertEquals(Map.of("a", "SAMPLE", "b", "SAMPLE", "c", "SAMPLE"), readerVerdicts(read(threeSamples().build())));
  }

  @Test
  void anEmptyTarIsValidAndAZeroByteFileIsEmpty() {
    assertEquals(List.of(), read(new TarBuilder().build()));
    assertEquals(Map.of("", "EMPTY_FILE"), readerVerdicts(read(new byte[0])));
  }

  @Test
  void garbageIsACorruptTar() {
    byte[] garbage = bytes("this is not a tar archive at all. ".repeat(40));
    List<SourceRecord> records = read(garbage);
    assertEquals(Map.of("", "CORRUPT_TAR"), readerVerdicts(records));
  }

  @Test
  void aFailingStreamIsAnUnreadableSource() {
    byte[] full = threeSamples().build();
    InputStream failing = new FilterInputStream(new ByteArrayInputStream(full)) {
      private int served;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (served > 3000) {
          throw new IOException("Input/output error");
        }
        int n = super.read(b, off, Math.min(len, 512));
        served += Math.max(n, 0);
        return n;
      }
    };
    List<SourceRecord> records = drain(new WebDatasetShardReader("shard.tar", failing, LIMITS));
    assertEquals(List.of("a", ""), records.stream().map(SourceRecord::sourceKey).toList());
    assertEquals(RejectReason.UNREADABLE_SOURCE, records.get(1).readerError().reason());
  }

  @Test
  void aMissingShardFileIsAnUnreadableSource(@TempDir Path dir) {
    List<SourceRecord> records = drain(WebDatasetShardReader.open(dir.resolve("gone.tar"), LIMITS));
    assertEquals(1, records.size());
    assertEquals(RejectReason.UNREADABLE_SOURCE, records.get(0).readerError().reason());
    assertTrue(records.get(0).readerError().detail().startsWith("cannot open tar shard: java.nio.file.NoSuchFileException"),
        records.get(0).readerError().detail());
  }
}
