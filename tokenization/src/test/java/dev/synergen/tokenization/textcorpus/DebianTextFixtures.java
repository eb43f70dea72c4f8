package dev.synergen.tokenization.textcorpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny files in the layouts of Debian's wordnet-base and fortunes packages, written by hand. */
final class DebianTextFixtures {
  /** Two license lines (two leading spaces, two trailing), then three synsets of data.noun. */
  static final String WORDNET_NOUN = ""
      + "  1 This software and database is being provided to you, the LICENSEE, by  \n"
      + "  2 Princeton University under the following license.  \n"
      + "00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 ~ 00002137 n 0000 ~ 04431553 n 0000 | that which is"
      + " perceived or known or inferred to have its own distinct existence (living or nonliving)  \n"
      + "00001930 03 n 01 physical_entity 0 007 @ 00001740 n 0000 | an entity that has physical existence  \n"
      + "00002137 03 n 02 abstraction 0 abstract_entity 0 010 @ 00001740 n 0000 | a general concept formed by"
      + " extracting common features from specific examples; \"the abstraction of a concept\"  \n";

  /** A verb synset with frames before its gloss. */
  static final String WORDNET_VERB = ""
      + "  1 This software and database is being provided to you, the LICENSEE, by  \n"
      + "00002325 29 v 01 respire 1 005 $ 00001740 v 0000 @ 02108395 v 0000 01 + 02 00 | undergo the biomedical"
      + " and metabolic processes of respiration; \"we respire\"  \n";

  /** Starts with two empty entries as Debian's {@code tao} does; the second entry is a tab-indented dialogue. */
  static final String FORTUNE = ""
      + "%\n%\n"
      + "A penny saved is a penny earned.\n"
      + "%\n"
      + "Q:\tWhat is the answer?\n"
      + "A:\tForty-two.\n"
      + "\n"
      + "\t\t-- Douglas Adams\n"
      + "%\n"
      + "The last entry has no closing separator.\n";

  private DebianTextFixtures() {}

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static Path write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, bytes);
  }
}
