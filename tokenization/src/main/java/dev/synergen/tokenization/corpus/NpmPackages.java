package dev.synergen.tokenization.corpus;

import dev.synergen.tokenization.TokenizationErrors;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Pinned npm packages for the corpora: fetched with {@code npm pack} into a cache, refused unless
 * their SHA-512 is the registry's pinned {@code integrity}, and read member by member, where only
 * regular files whose whole path matches a fixed pattern are taken.
 */
public final class NpmPackages {
  /** A package pinned to one version and its tarball's Subresource Integrity string ({@code sha512-<base64>}). */
  public record Pinned(String name, String version, String integrity) {
    public Pinned {
      if (!name.matches("[a-z0-9][a-z0-9._-]*") || !integrity.startsWith("sha512-")) {
        throw new IllegalArgumentException("an unscoped package name and a sha512 integrity, got " + name + " "
            + integrity);
      }
    }

    /** The file name npm pack gives it. */
    public String tarball() {
      return name + "-" + version + ".tgz";
    }
  }

  private NpmPackages() {}

  /** The package's tarball in {@code cache}: reused when its integrity is the pinned one, else packed and checked. */
  public static Path fetch(Pinned p, Path cache, String corpus, PrintStream progress) throws IOException {
    Files.createDirectories(cache);
    Path tgz = cache.resolve(p.tarball());
    if (Files.isRegularFile(tgz) && integrity(tgz).equals(p.integrity())) {
      progress.println(corpus + ": " + p.tarball() + " found in the cache with its pinned integrity");
      return tgz;
    }
    progress.println(corpus + ": npm pack " + p.name() + "@" + p.version() + " into " + cache);
    Files.deleteIfExists(tgz);
    ExternalTools.run(cache, "is the npm registry reachable, and this version in it?", "npm", "pack", "--silent",
        p.name() + "@" + p.version());
    if (!Files.isRegularFile(tgz)) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "npm pack " + p.name() + "@" + p.version()
          + " wrote no " + p.tarball() + " in " + cache);
    }
    verify(tgz, p);
    return tgz;
  }

  /** Refuses a tarball whose integrity is not the pinned one. */
  public static void verify(Path tgz, Pinned p) throws IOException {
    String actual = integrity(tgz);
    if (!actual.equals(p.integrity())) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_CHECKSUM_MISMATCH, tgz + " has integrity " + actual
          + " but " + p.name() + " " + p.version() + " is pinned to " + p.integrity() + "; delete it from the cache to"
          + " fetch it again, or check which registry served it");
    }
  }

  /** {@code sha512-<base64>} of a file, as npm's lockfiles and {@code dist.integrity} write it. */
  static String integrity(Path file) throws IOException {
    MessageDigest sha512;
    try {
      sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-512", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha512.update(buffer, 0, n);
      }
    }
    return "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
  }

  /**
   * Hands every regular member of the tarball whose whole path matches {@code member} to
   * {@code reader}, in archive order; other members are skipped unread. Returns how many matched.
   */
  public static int readMembers(Path tgz, Pinned p, Pattern member, long maxBytes, MemberReader reader)
      throws IOException {
    int matched;
    try (InputStream file = new BufferedInputStream(Files.newInputStream(tgz));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      matched = TarMembers.read(tar, member, maxBytes, tgz, p.name(), reader);
    } catch (IOException e) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, "cannot read " + tgz + " as a gzipped tar: "
          + e.getMessage() + "; delete it from the cache to fetch it again");
    }
    if (matched == 0) {
      throw TarMembers.noneMatched(tgz, member, p.name());
    }
    return matched;
  }
}
