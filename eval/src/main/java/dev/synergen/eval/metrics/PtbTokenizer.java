package dev.synergen.eval.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caption tokenisation as coco-caption does it before scoring (Stanford PTBTokenizer with
 * {@code -lowerCase}, then its punctuation tokens removed), re-implemented for plain English:
 * <ul>
 *   <li>lower-case (locale independent); curly quotes and apostrophes count as straight ones;</li>
 *   <li>a word is a run of letters and digits, possibly joined by inner {@code - ' . &}
 *       ("black-and-white", "o'clock", "3.5", "at&t" stay whole);</li>
 *   <li>clitics are split off as PTB does: "man's" -> "man 's", "don't" -> "do n't",
 *       likewise 're 've 'll 'd 'm;</li>
 *   <li>every other character is a token of its own; those that coco-caption removes
 *       ({@code . , ? ! : ; - ' ` "} and brackets) are dropped, other symbols ($ % # / ...) are kept.</li>
 * </ul>
 * Known differences from PTB, none of which occur in shapes-world captions: abbreviations keep no
 * final period ("e.g." -> "e.g"), and square brackets are dropped (PTB emits -LSB-, which coco-caption keeps).
 */
public final class PtbTokenizer {
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:[-'.&][\\p{L}\\p{N}]+)*|\\S");
  private static final Pattern CLITIC = Pattern.compile("^(.+?)(n't|'s|'re|'ve|'ll|'d|'m)$");
  private static final Set<String> REMOVED = Set.of(".", ",", "?", "!", ":", ";", "-", "'", "`", "\"", "(", ")",
      "[", "]", "{", "}");

  private PtbTokenizer() {}

  public static List<String> tokenize(String caption) {
    String text = caption.toLowerCase(Locale.ROOT)
        .replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201C', '"').replace('\u201D', '"');
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String token = m.group();
      if (REMOVED.contains(token)) {
        continue;
      }
      Matcher clitic = CLITIC.matcher(token);
      if (clitic.matches()) {
        tokens.add(clitic.group(1));
        tokens.add(clitic.group(2));
      } else {
        tokens.add(token);
      }
    }
    return tokens;
  }
}
