package dev.synergen.tokenization.corpus;

import dev.synergen.tokenization.TokenizationErrors;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** The members a corpus fetcher takes from a package's tar: regular files whose whole path matches, size-capped. */
final class TarMembers {
  private TarMembers() {}

  /** Hands each matching member to {@code reader}, in archive order; returns how many matched. */
  static int read(TarArchiveInputStream tar, Pattern member, long maxBytes, Object archive, String packageName,
      MemberReader reader) throws IOException {
    int matched = 0;
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      Matcher m = member.matcher(entry.getName());
      // not isFile(): commons-compress calls a symbolic link a file when its name has no trailing '/'
      boolean regular = entry.getLinkFlag() == TarConstants.LF_NORMAL || entry.getLinkFlag() == TarConstants.LF_OLDNORM;
      if (!regular || !m.matches()) {
        continue;
      }
      if (entry.getSize() > maxBytes) {
        throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, entry.getName() + " in " + archive
            + " has " + entry.getSize() + " bytes, more than any file of " + packageName + " should");
      }
      reader.read(m, tar.readNBytes((int) entry.getSize()));
      matched++;
    }
    return matched;
  }

  /** The error of a package that holds no file the corpus reads. */
  static RuntimeException noneMatched(Object archive, Pattern member, String packageName) {
    return TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, archive + " holds no file matching "
        + member.pattern() + "; it is not the " + packageName + " package this corpus reads");
  }
}
