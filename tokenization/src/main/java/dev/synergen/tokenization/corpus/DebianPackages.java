package dev.synergen.tokenization.corpus;

import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.TokenizationErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Pinned Debian packages for the corpora: fetched with {@code apt-get download} into a cache, refused
 * unless their SHA-256 is the pinned one, and read member by member from their data archive, where
 * only regular files whose whole path matches a fixed pattern are taken (an archive's paths are never
 * trusted).
 */
public final class DebianPackages {
  /** A package pinned to one version and the SHA-256 of its .deb. */
  public record Pinned(String name, String version, String sha256) {
    /** The file name apt-get download gives it (an epoch's ':' is escaped). */
    public String debFile() {
      return name + "_" + version.replace(":", "%3a") + "_all.deb";
    }
  }

  private static final long TOOL_TIMEOUT_MINUTES = 10;

  private DebianPackages() {}

  /** Fails with a one-line message unless apt-get and dpkg-deb run; {@code corpus} names the command. */
  public static void requireTools(String corpus) {
    ExternalTools.require(corpus, "apt-get", "--version", "Debian or Ubuntu: it fetches Debian packages");
    ExternalTools.require(corpus, "dpkg-deb", "--version", "Debian or Ubuntu: it unpacks Debian packages");
  }

  /** The package's .deb in {@code cache}: reused when its checksum is the pinned one, else downloaded and checked. */
  public static Path fetch(Pinned p, Path cache, String corpus, PrintStream progress) throws IOException {
    Files.createDirectories(cache);
    Path deb = cache.resolve(p.debFile());
    if (Files.isRegularFile(deb) && Sha256.hex(deb).equals(p.sha256())) {
      progress.println(corpus + ": " + p.debFile() + " found in the cache with its pinned checksum");
      return deb;
    }
    progress.println(corpus + ": apt-get download " + p.name() + "=" + p.version() + " into " + cache);
    Files.deleteIfExists(deb);
    ExternalTools.run(cache, "is the Debian archive reachable, and this version in it?", "apt-get", "download",
        p.name() + "=" + p.version());
    if (!Files.isRegularFile(deb)) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "apt-get download " + p.name() + "="
          + p.version() + " wrote no " + p.debFile() + " in " + cache);
    }
    verify(deb, p);
    return deb;
  }

  /** Refuses a package file whose SHA-256 is not the pinned one. */
  public static void verify(Path deb, Pinned p) throws IOException {
    String actual = Sha256.hex(deb);
    if (!actual.equals(p.sha256())) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_CHECKSUM_MISMATCH, deb + " has SHA-256 " + actual
          + " but " + p.name() + " " + p.version() + " is pinned to " + p.sha256() + "; delete it from the cache to"
          + " fetch it again, or check which mirror served it");
    }
  }

  /**
   * Hands every regular member of the package's data archive whose whole path matches {@code member}
   * to {@code reader}, in archive order; other members are skipped unread. Returns how many matched.
   */
  public static int readMembers(Path deb, Pinned p, Pattern member, long maxBytes, MemberReader reader)
      throws IOException {
    int matched;
    Process dpkg = new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(dpkg.getInputStream())) {
      matched = TarMembers.read(tar, member, maxBytes, deb, p.name(), reader);
    } catch (IOException | RuntimeException e) {
      dpkg.destroyForcibly();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "cannot read the data archive of " + deb
          + ": " + e.getMessage());
    }
    int code = ExternalTools.finish(dpkg, "dpkg-deb --fsys-tarfile " + deb, TOOL_TIMEOUT_MINUTES);
    if (code != 0) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "dpkg-deb could not unpack " + deb
          + " (exit " + code + "); delete it from the cache to fetch it again");
    }
    if (matched == 0) {
      throw TarMembers.noneMatched(deb, member, p.name());
    }
    return matched;
  }
}
