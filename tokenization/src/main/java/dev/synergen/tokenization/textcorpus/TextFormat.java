package dev.synergen.tokenization.textcorpus;

import java.util.Locale;
import java.util.regex.Pattern;

/** The plain-text layouts {@code synergen ingest-text} reads, and which files each of them reads at all. */
public enum TextFormat {
  /** One document per non-blank line. */
  LINES,
  /** Blocks of non-blank lines separated by blank lines. */
  PARAGRAPHS,
  /** fortune(6) files: entries separated by lines holding only {@code %}. */
  FORTUNE,
  /** WordNet 3.0 {@code data.noun|verb|adj|adv}: one document per synset gloss (definition and examples). */
  WORDNET;

  private static final Pattern WORDNET_DATA = Pattern.compile("data\\.(noun|verb|adj|adv)");

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Null when this format reads a file of this name, else why not. Decided from the name alone, so
   * the driver can refuse index files (one reject each) without opening them.
   */
  public String refusesFile(String fileName) {
    return switch (this) {
      case WORDNET -> WORDNET_DATA.matcher(fileName).matches() ? null
          : "the wordnet format reads data.noun, data.verb, data.adj and data.adv only, not '" + fileName + "'";
      case FORTUNE -> fileName.endsWith(".dat")
          ? "'" + fileName + "' is a strfile(1) index of a fortune file, not text; ingest the file without .dat"
          : null;
      case LINES, PARAGRAPHS -> null;
    };
  }

  public static TextFormat of(String word) {
    return valueOf(word.trim().toUpperCase(Locale.ROOT));
  }
}
