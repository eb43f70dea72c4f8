package dev.synergen.tokenization.corpus;

import java.io.IOException;
import java.util.regex.Matcher;

/** Receives one archive member a corpus fetcher takes: the match of its path and its bytes. */
@FunctionalInterface
public interface MemberReader {
  void read(Matcher path, byte[] body) throws IOException;
}
