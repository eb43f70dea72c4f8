package dev.synergen.eval.probes;

import dev.synergen.tokenization.shapes.CaptionWriter;

/** The shapes-world captions' way of counting things ("a red circle", "an ...", "two green triangles"). */
final class CaptionPhrases {
  // the words of CaptionWriter's counts, with "one" where a caption says "a" (used for answer options)
  private static final String[] NUMBERS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"};

  private CaptionPhrases() {}

  /** "a" or "an" and the phrase, by its first letter as CaptionWriter decides. */
  static String withArticle(String phrase) {
    return CaptionWriter.withArticle(phrase);
  }

  /** "a red circle" for one, "three red circles" for more. */
  static String counted(int count, String singular, String plural) {
    return count == 1 ? withArticle(singular) : number(count) + " " + plural;
  }

  /** The number as a word up to sixteen (as captions write counts), digits beyond. */
  static String number(int count) {
    return count >= 0 && count < NUMBERS.length ? NUMBERS[count] : Integer.toString(count);
  }
}
