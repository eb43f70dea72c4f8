package dev.synergen.jobs;

import dev.synergen.tokenization.textcorpus.DebianTextCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen corpus}: fetches real corpora (pinned versions, verified checksums) into a directory. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
    description = {"Fetch a real corpus into a directory that the ingest jobs read. Packages come from a registry "
        + "(Debian's archive through apt-get download), pinned to one version each and checked against the "
        + "SHA-256 the project records; a missing tool or an unreachable registry gives a one-line message."},
    subcommands = {CorpusCommand.Text.class})
final class CorpusCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "text", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"English text from Debian packages: WordNet 3.0's glosses and example sentences (wordnet-base: "
          + "data.noun, data.verb, data.adj, data.adv into OUT/wordnet) and the fortune(6) quotes (fortunes-min, "
          + "fortunes: into OUT/fortunes), with OUT/CORPUS.json listing packages, versions, checksums and files. "
          + "Then: synergen ingest-text OUT/wordnet --format wordnet, and synergen ingest-text OUT/fortunes "
          + "--format fortune; ingest splits documents by a hash of their id. Needs apt-get and dpkg-deb.", ""})
  static final class Text implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory the corpus is written to.")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR",
        description = "Where the downloaded packages are kept and reused (default: OUT/.debs).")
    Path cache;

    @Override
    public Integer call() throws Exception {
      Path dir = out.toAbsolutePath();
      List<DebianTextCorpus.CorpusFile> files = DebianTextCorpus.fetch(dir,
          cache != null ? cache.toAbsolutePath() : dir.resolve(".debs"), System.out);
      long bytes = files.stream().mapToLong(DebianTextCorpus.CorpusFile::bytes).sum();
      System.out.printf("corpus text: %d files, %.1f MB of text%n", files.size(), bytes / 1e6);
      return 0;
    }
  }
}
