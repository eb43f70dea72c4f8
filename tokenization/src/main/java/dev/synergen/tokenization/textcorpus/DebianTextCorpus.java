package dev.synergen.tokenization.textcorpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.corpus.DebianPackages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code synergen corpus text}: a real English text corpus from pinned Debian packages, WordNet's
 * glosses and example sentences ({@code wordnet-base}) and the fortune(6) quotes ({@code fortunes},
 * {@code fortunes-min}). Each package is fetched with {@code apt-get download} into a cache
 * directory, its SHA-256 checked against the pinned one, and only the files the text formats read
 * are taken from its data archive, under names matched in full against a fixed pattern (an archive's
 * paths are never trusted). {@code CORPUS.json} records packages, checksums and files.
 */
public final class DebianTextCorpus {
  /** A pinned package, the archive members taken from it (group 1: the file name kept) and where they go. */
  public record Package(String name, String version, String sha256, Pattern member, String directory,
      TextFormat format) {
    /** The file name apt-get download gives it (an epoch's ':' is escaped). */
    public String debFile() {
      return pinned().debFile();
    }

    DebianPackages.Pinned pinned() {
      return new DebianPackages.Pinned(name, version, sha256);
    }
  }

  /** One file written to the corpus directory. */
  public record CorpusFile(String path, String fromPackage, long bytes, String sha256) {}

  private static final Pattern FORTUNE_FILE = Pattern.compile("\\./usr/share/games/fortunes/([a-z][a-z0-9-]{0,40})");
  public static final List<Package> PACKAGES = List.of(
      new Package("wordnet-base", "1:3.0-37", "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752",
          Pattern.compile("\\./usr/share/wordnet/(data\\.(?:noun|verb|adj|adv))"), "wordnet", TextFormat.WORDNET),
      new Package("fortunes-min", "1:1.99.1-7.3", "9eed5b45064e41133dae0967cf3a17588ad77c014fcc7bf1527fa3ea48e44d07",
          FORTUNE_FILE, "fortunes", TextFormat.FORTUNE),
      new Package("fortunes", "1:1.99.1-7.3", "41d0551dc0ff52f875a2ecef7c39da2f672ab468c37e170119f7e0245a9d63c5",
          FORTUNE_FILE, "fortunes", TextFormat.FORTUNE));
  public static final String MANIFEST = "CORPUS.json";
  /** No file of these packages is near this size; a larger member means a different archive. */
  static final long MAX_MEMBER_BYTES = 64L << 20;

  private DebianTextCorpus() {}

  /** Fetches (or reuses from {@code cache}) every pinned package and writes the corpus under {@code out}. */
  public static List<CorpusFile> fetch(Path out, Path cache, PrintStream progress) throws IOException {
    DebianPackages.requireTools("corpus text");
    List<CorpusFile> files = new ArrayList<>();
    for (Package p : PACKAGES) {
      Path deb = DebianPackages.fetch(p.pinned(), cache, "corpus text", progress);
      files.addAll(extract(deb, p, out));
    }
    writeManifest(out, files);
    progress.println("corpus text: " + files.size() + " files in " + out + "; ingest them with synergen ingest-text "
        + out.resolve("wordnet") + " --format wordnet, and synergen ingest-text " + out.resolve("fortunes")
        + " --format fortune");
    return files;
  }

  /** Refuses a package file whose SHA-256 is not the pinned one. */
  static void verify(Path deb, Package p) throws IOException {
    DebianPackages.verify(deb, p.pinned());
  }

  /**
   * Writes the members of the package's data archive whose whole path matches its pattern (regular
   * files only) to {@code out/<directory>/<name>}; other members are skipped unread.
   */
  static List<CorpusFile> extract(Path deb, Package p, Path out) throws IOException {
    Path dir = out.resolve(p.directory());
    Files.createDirectories(dir);
    List<CorpusFile> written = new ArrayList<>();
    DebianPackages.readMembers(deb, p.pinned(), p.member(), MAX_MEMBER_BYTES, (m, body) -> {
      Path target = dir.resolve(m.group(1));
      AtomicFiles.write(target, channel -> channel.write(ByteBuffer.wrap(body)));
      written.add(new CorpusFile(p.directory() + "/" + m.group(1), p.name(), body.length, Sha256.hex(body)));
    });
    return written;
  }

  private static void writeManifest(Path out, List<CorpusFile> files) throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    List<Map<String, Object>> packages = new ArrayList<>();
    for (Package p : PACKAGES) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("version", p.version());
      m.put("sha256", p.sha256());
      m.put("directory", p.directory());
      m.put("format", p.format().word());
      packages.add(m);
    }
    manifest.put("packages", packages);
    manifest.put("files", files);
    AtomicFiles.writeString(out.resolve(MANIFEST), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(manifest));
  }
}
