package dev.synergen.tokenization.corpus;

import dev.synergen.tokenization.TokenizationErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The command-line tools the corpus fetchers call (apt-get, dpkg-deb, npm), with one-line errors. */
public final class ExternalTools {
  private static final long TIMEOUT_MINUTES = 10;

  private ExternalTools() {}

  /** Fails with CORPUS_TOOL_MISSING unless {@code tool versionFlag} runs and exits 0. */
  public static void require(String corpus, String tool, String versionFlag, String why) {
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
    throw TokenizationErrors.error(TokenizationErrors.CORPUS_TOOL_MISSING, corpus + " needs " + tool + " (" + why
        + "); it is not installed or does not run");
  }

  /** Runs a command in {@code dir}; a non-zero exit is a CORPUS_FETCH_FAILED with its last output line and a hint. */
  public static void run(Path dir, String hint, String... command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String last;
    try (InputStream in = p.getInputStream()) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
      last = lines[lines.length - 1];
    }
    int code = finish(p, String.join(" ", command), TIMEOUT_MINUTES);
    if (code != 0) {
      throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, String.join(" ", command) + " exited with "
          + code + ": " + last + " (" + hint + ")");
    }
  }

  static int finish(Process p, String what, long minutes) throws IOException {
    try {
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, what + " did not finish in " + minutes
            + " minutes");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + what, e);
    }
  }
}
