package dev.synergen.tokenization.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Which files are WebDataset shards, by name: {@code .tar}, and gzip-compressed {@code .tar.gz} /
 * {@code .tgz}, which are read through a streaming decompressor. Tar archives in other compressions
 * are listed too, so that they count as input and are refused by name instead of vanishing.
 */
final class ShardFiles {
  private static final String[] GZIP = {".tar.gz", ".tgz"};
  private static final String[] UNSUPPORTED = {".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst",
      ".tar.lz4", ".tar.lzma", ".tar.z"};

  private ShardFiles() {}

  /** A shard we read: plain or gzip tar. */
  static boolean isShard(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    return name.endsWith(".tar") || endsWithAny(name, GZIP);
  }

  /** A tar archive in a compression we do not read; null if {@code fileName} is none, else the compression. */
  static String unsupportedCompression(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : UNSUPPORTED) {
      if (name.endsWith(suffix)) {
        return suffix.substring(suffix.lastIndexOf('.') + 1);
      }
    }
    return null;
  }

  /** {@code raw} as an uncompressed tar stream: through a gzip decompressor when the name says gzip. */
  static InputStream decompressed(String source, InputStream raw) throws IOException {
    return endsWithAny(source.toLowerCase(Locale.ROOT), GZIP) ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  private static boolean endsWithAny(String name, String[] suffixes) {
    for (String suffix : suffixes) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }
}
