package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashSplitTest {
  @Test
  void bucketsAreTheFirst52BitsComparedWithIntegerThresholds() {
    HashSplit split = new HashSplit(0.5, 0.25, 0.25);
    assertEquals("train", split.assign("0000000000000" + "f".repeat(51)));
    assertEquals("train", split.assign("7ffffffffffff"));
    assertEquals("val", split.assign("8000000000000"));
    assertEquals("val", split.assign("bffffffffffff"));
    assertEquals("test", split.assign("c000000000000"));
    assertEquals("test", split.assign("fffffffffffff"));
  }

  @Test
  void zeroFractionsNeverReceiveRecords() {
    HashSplit trainOnly = new HashSplit(1.0, 0.0, 0.0);
    assertEquals("train", trainOnly.assign("fffffffffffff"));
    HashSplit noTest = new HashSplit(0.9, 0.1, 0.0);
    assertEquals("val", noTest.assign("fffffffffffff"));
    HashSplit testOnly = new HashSplit(0, 0, 1);
    assertEquals("test", testOnly.assign("0000000000000"));
  }

  @Test
  void fractionsAreRespectedOnRealHashes() {
    HashSplit split = new HashSplit(0.8, 0.1, 0.1);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      counts.merge(split.assign(Sha256.hex(("pair " + i).getBytes(StandardCharsets.UTF_8))), 1, Integer::sum);
    }
    // binomial standard deviation for n=20000, p=0.1 is ~42; allow 5 sigma
    assertTrue(Math.abs(counts.get("val") - 2000) < 210, "val count " + counts);
    assertTrue(Math.abs(counts.get("test") - 2000) < 210, "test count " + counts);
  }

  @Test
  void theSplitOfAGivenHashIsFixedForever() {
    // golden values: changing the split function would silently move records between train and test
    HashSplit split = HashSplit.defaults();
    assertEquals("train", split.assign(Sha256.hex("a".getBytes(StandardCharsets.UTF_8)))); // ca978112...
    // 0.98 = 0x0.fae147ae..., 0.99 = 0x0.fd70a3d7...
    assertEquals("train", split.assign("fae1400000000"));
    assertEquals("val", split.assign("fae1500000000"));
    assertEquals("val", split.assign("fd70a00000000"));
    assertEquals("test", split.assign("fd70b00000000"));
  }

  @Test
  void badFractionsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HashSplit(0.8, 0.1, 0.2));
    assertEquals("split fractions must sum to 1, got train=0.8 val=0.1 test=0.2 (sum 1.1)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HashSplit(-0.1, 0.6, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new HashSplit(Double.NaN, 0.5, 0.5));
  }
}
