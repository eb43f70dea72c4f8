package dev.synergen.tokenization.textcorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.fixtures.DebPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian text corpus is taken from packages built here with dpkg-deb in the layout of
 * wordnet-base: only the files whose whole archive path matches are written, under the matched
 * name; a package with another checksum or that is no package is refused. (The real fetch needs the
 * Debian archive and is run by hand: README, "Text corpus".)
 */
class DebianTextCorpusTest {
  private static final DebianTextCorpus.Package WORDNET = DebianTextCorpus.PACKAGES.get(0);

  @TempDir Path dir;

  @BeforeAll
  static void dpkgDeb() throws Exception {
    DebPackages.assumeDpkgDeb();
  }

  @Test
  void takesOnlyTheDataFilesOfThePackageUnderTheirOwnNames() throws Exception {
    Path root = dir.resolve("pkg");
    write(root.resolve("usr/share/wordnet/data.noun"), DebianTextFixtures.WORDNET_NOUN);
    write(root.resolve("usr/share/wordnet/data.verb"), DebianTextFixtures.WORDNET_VERB);
    write(root.resolve("usr/share/wordnet/index.noun"), "an index, not glosses\n");
    write(root.resolve("usr/share/wordnet/extra/data.adj"), "a nested file with an allowed name\n");
    write(root.resolve("usr/share/doc/wordnet-base/data.adv"), "an allowed name in another directory\n");
    Files.createSymbolicLink(root.resolve("usr/share/wordnet/data.adv"), Path.of("/etc/passwd"));
    Path deb = build(root, "wordnet-base");

    Path out = dir.resolve("corpus");
    List<DebianTextCorpus.CorpusFile> files = DebianTextCorpus.extract(deb, WORDNET, out);

    assertEquals(List.of("wordnet/data.noun", "wordnet/data.verb"), files.stream()
        .map(DebianTextCorpus.CorpusFile::path).sorted().toList());
    assertEquals(DebianTextFixtures.WORDNET_NOUN, Files.readString(out.resolve("wordnet/data.noun")));
    try (var listing = Files.list(out.resolve("wordnet"))) {
      assertEquals(List.of("data.noun", "data.verb"), listing.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertFalse(Files.exists(out.resolve("wordnet/extra")));
    DebianTextCorpus.CorpusFile noun = files.stream().filter(f -> f.path().endsWith("noun")).findFirst().orElseThrow();
    assertEquals(Sha256.hex(out.resolve("wordnet/data.noun")), noun.sha256());
    assertEquals(DebianTextFixtures.WORDNET_NOUN.getBytes(StandardCharsets.UTF_8).length, noun.bytes());
  }

  @Test
  void aPackageWhoseChecksumIsNotThePinnedOneIsRefused() throws Exception {
    Path root = dir.resolve("pkg");
    write(root.resolve("usr/share/wordnet/data.noun"), DebianTextFixtures.WORDNET_NOUN);
    Path deb = build(root, "wordnet-base");
    PipelineException e = assertThrows(PipelineException.class, () -> DebianTextCorpus.verify(deb, WORDNET));
    assertEquals(TokenizationErrors.CORPUS_CHECKSUM_MISMATCH.code(), e.errorClass());
    assertTrue(e.getMessage().contains(WORDNET.sha256()) && e.getMessage().contains("delete it from the cache"),
        e.getMessage());
  }

  @Test
  void aFileThatIsNoPackageOrHoldsNoCorpusFileIsRefused() throws Exception {
    Path junk = write(dir.resolve("junk.deb"), "not an ar archive");
    PipelineException notDeb = assertThrows(PipelineException.class,
        () -> DebianTextCorpus.extract(junk, WORDNET, dir.resolve("out1")));
    assertEquals(TokenizationErrors.CORPUS_FETCH_FAILED.code(), notDeb.errorClass());

    Path root = dir.resolve("other");
    write(root.resolve("usr/share/doc/other/README"), "nothing of wordnet here\n");
    Path other = build(root, "other");
    PipelineException empty = assertThrows(PipelineException.class,
        () -> DebianTextCorpus.extract(other, WORDNET, dir.resolve("out2")));
    assertEquals(TokenizationErrors.CORPUS_FETCH_FAILED.code(), empty.errorClass());
    assertTrue(empty.getMessage().contains("not the wordnet-base package"), empty.getMessage());
  }

  @Test
  void packageFileNamesAreTheOnesAptGetDownloadWrites() {
    assertEquals("wordnet-base_1%3a3.0-37_all.deb", WORDNET.debFile());
    for (DebianTextCorpus.Package p : DebianTextCorpus.PACKAGES) {
      assertTrue(p.sha256().matches("[0-9a-f]{64}"), p.name());
    }
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private Path build(Path root, String name) throws Exception {
    return DebPackages.build(root, name, dir);
  }
}
