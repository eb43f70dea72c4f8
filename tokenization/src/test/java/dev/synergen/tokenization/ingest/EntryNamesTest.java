package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EntryNamesTest {
  @Test
  void ordinaryNamesAreSafe() {
    assertNull(EntryNames.unsafeBecause("000123.jpg"));
    assertNull(EntryNames.unsafeBecause("part-1/000123.seg.png"));
    assertNull(EntryNames.unsafeBecause("caf\u00e9/\u732b.jpg"));
  }

  @Test
  void traversalAbsoluteAndOddNamesAreUnsafe() {
    assertEquals("entry name has a '..' segment (path traversal)", EntryNames.unsafeBecause("../../etc/x"));
    assertEquals("entry name has a '..' segment (path traversal)", EntryNames.unsafeBecause("a/../../b.jpg"));
    assertEquals("entry name is an absolute path", EntryNames.unsafeBecause("/etc/passwd"));
    assertEquals("entry name is an absolute path", EntryNames.unsafeBecause("C:/x.jpg"));
    assertEquals("entry name contains a backslash", EntryNames.unsafeBecause("..\\x.jpg"));
    assertEquals("entry name contains character U+000A at index 1", EntryNames.unsafeBecause("a\nb.jpg"));
    assertEquals("entry name contains character U+202E at index 1", EntryNames.unsafeBecause("a\u202Egpj.exe"));
    assertEquals("entry name has an empty or '.' segment", EntryNames.unsafeBecause("a//b.jpg"));
    assertEquals("entry name has a hidden segment '._000001.jpg' (e.g. macOS ._ files); remove it from the shard",
        EntryNames.unsafeBecause("._000001.jpg"));
  }

  @Test
  void leadingDotSlashIsDroppedBeforeChecking() {
    assertEquals("000001.jpg", EntryNames.withoutDotSlash("././000001.jpg"));
  }

  @Test
  void keyIsTheNameUpToTheFirstDotOfTheBasename() {
    assertEquals(new EntryNames.KeyAndExtension("dir.v2/000123", "seg.png"), EntryNames.split("dir.v2/000123.seg.png"));
    assertEquals(new EntryNames.KeyAndExtension("README", ""), EntryNames.split("README"));
  }

  @Test
  void printableEscapesInvisibleCharacters() {
    assertEquals("a\\u000Ab\\u202Ec d", EntryNames.printable("a\nb\u202Ec d"));
  }
}
