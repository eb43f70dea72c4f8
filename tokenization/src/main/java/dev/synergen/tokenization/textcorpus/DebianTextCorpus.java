package dev.synergen.tokenization.textcorpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.TokenizationErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

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
      return name + "_" + version.replace(":", "%3a") + "_all.deb";
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
  private static final long TOOL_TIMEOUT_MINUTES = 10;

  private DebianTextCorpus() {}

  /** Fetches (or reuses from {@code cache}) every pinned package and writes the corpus under {@code out}. */
  public static List<CorpusFile> fetch(Path out, Path cache, PrintStream progress) throws IOException {
    requireTool("apt-get", "--version");
    requireTool("dpkg-deb", "--version");
    Files.createDirectories(cache);
    List<CorpusFile> files = new ArrayList<>();
    for (Package p : PACKAGES) {
      Path deb = cache.resolve(p.debFile());
      if (!Files.isRegularFile(deb) || !Sha256.hex(deb).equals(p.sha256())) {
        progress.println("corpus text: apt-get download " + p.name() + "=" + p.version() + " into " + cache);
        Files.deleteIfExists(deb);
        run(cache, "apt-get", "download", p.name() + "=" + p.version());
        if (!Files.isRegularFile(deb)) {
          throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "apt-get download " + p.name() + "="
              + p.version() + " wrote no " + p.debFile() + " in " + cache);
        }
        verify(deb, p);
      } else {
        progress.println("corpus text: " + p.debFile() + " found in the cache with its pinned checksum");
      }
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
    String actual = Sha256.hex(deb);
    if (!actual.equals(p.sha256())) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_CHECKSUM_MISMATCH, deb + " has SHA-256 " + actual
          + " but " + p.name() + " " + p.version() + " is pinned to " + p.sha256() + "; delete it from the cache to"
          + " fetch it again, or check which mirror served it");
    }
  }

  /**
   * Writes the members of the package's data archive whose whole path matches its pattern (regular
   * files only) to {@code out/<directory>/<name>}; other members are skipped unread.
   */
  static List<CorpusFile> extract(Path deb, Package p, Path out) throws IOException {
    Path dir = out.resolve(p.directory());
    Files.createDirectories(dir);
    List<CorpusFile> written = new ArrayList<>();
    Process dpkg = new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(dpkg.getInputStream())) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Matcher m = p.member().matcher(entry.getName());
        // not isFile(): commons-compress calls a symbolic link a file when its name has no trailing '/'
        boolean regular = entry.getLinkFlag() == TarConstants.LF_NORMAL || entry.getLinkFlag() == TarConstants.LF_OLDNORM;
        if (!regular || !m.matches()) {
          continue;
        }
        if (entry.getSize() > MAX_MEMBER_BYTES) {
          throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, entry.getName() + " in " + deb
              + " has " + entry.getSize() + " bytes, more than any file of " + p.name() + " should");
        }
        byte[] body = tar.readNBytes((int) entry.getSize());
        Path target = dir.resolve(m.group(1));
        AtomicFiles.write(target, channel -> channel.write(ByteBuffer.wrap(body)));
        written.add(new CorpusFile(p.directory() + "/" + m.group(1), p.name(), body.length, Sha256.hex(body)));
      }
    } catch (IOException | RuntimeException e) {
      dpkg.destroyForcibly();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "cannot read the data archive of " + deb
          + ": " + e.getMessage());
    }
    int code = finish(dpkg, "dpkg-deb --fsys-tarfile " + deb);
    if (code != 0) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "dpkg-deb could not unpack " + deb
          + " (exit " + code + "); delete it from the cache to fetch it again");
    }
    if (written.isEmpty()) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, deb + " holds no file matching "
          + p.member().pattern() + "; it is not the " + p.name() + " package this corpus reads");
    }
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

  private static void requireTool(String tool, String versionFlag) {
    try {
      Process p = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0) {
        return;
      }
      p.destroyForcibly();
    } catch (IOException e) {
      // not on PATH: reported below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw TokenizationErrors.error(TokenizationErrors.CORPUS_TOOL_MISSING, "corpus text needs " + tool
        + " (Debian or Ubuntu: it fetches Debian packages); it is not installed or does not run");
  }

  private static void run(Path dir, String... command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int code = finish(p, String.join(" ", command));
    if (code != 0) {
      String[] lines = output.strip().split("\n");
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, String.join(" ", command) + " exited with "
          + code + ": " + lines[lines.length - 1] + " (is the Debian archive reachable, and this version in it?)");
    }
  }

  private static int finish(Process p, String what) throws IOException {
    try {
      if (!p.waitFor(TOOL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, what + " did not finish in "
            + TOOL_TIMEOUT_MINUTES + " minutes");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + what, e);
    }
  }
}
