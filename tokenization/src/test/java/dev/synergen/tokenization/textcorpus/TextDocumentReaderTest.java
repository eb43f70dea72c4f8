package dev.synergen.tokenization.textcorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each text format's reader on small inputs: what a document is, its key, and every refusal. */
class TextDocumentReaderTest {
  private static final int CAP = 4 * 100;

  private static List<String> read(TextFormat format, byte[] bytes) {
    return read(format, new ByteArrayInputStream(bytes));
  }

  private static List<String> read(TextFormat format, String text) {
    return read(format, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Each record as {@code key=text} or {@code key!REASON}. */
  private static List<String> read(TextFormat format, InputStream in) {
    List<String> out = new ArrayList<>();
    try (TextDocumentReader reader = TextDocumentReader.open(format, "f", in, CAP)) {
      reader.forEachRemaining(r -> out.add(r.isRefused() ? r.sourceKey() + "!" + r.refusal().reason()
          : r.sourceKey() + "=" + new String(r.bytes(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void linesMakeOneDocumentPerNonBlankLineKeyedByItsLineNumber() {
    assertEquals(List.of("line:1=first", "line:3=  third  ", "line:5=fifth"),
        read(TextFormat.LINES, "first\n\n  third  \n \t\nfifth"));
  }

  @Test
  void crlfLineEndsAndALeadingByteOrderMarkAreDropped() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "one\r\ntwo\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] both = Arrays.copyOf(bom, bom.length + text.length);
    System.arraycopy(text, 0, both, bom.length, text.length);
    assertEquals(List.of("line:1=one", "line:2=two"), read(TextFormat.LINES, both));
  }

  @Test
  void paragraphsAreBlocksOfLinesBetweenBlankLines() {
    assertEquals(List.of("line:2=a\nb", "line:6=c"), read(TextFormat.PARAGRAPHS, "\na\nb\n\n  \nc\n\n"));
  }

  @Test
  void fortuneEntriesEndAtPercentLinesKeepTheirLayoutAndEmptyEntriesAreNoDocuments() {
    assertEquals(List.of("line:3=A penny saved is a penny earned.",
            "line:5=Q:\tWhat is the answer?\nA:\tForty-two.\n\n\t\t-- Douglas Adams",
            "line:10=The last entry has no closing separator."),
        read(TextFormat.FORTUNE, DebianTextFixtures.FORTUNE));
    assertEquals(List.of("line:1=100% sure\n %"), read(TextFormat.FORTUNE, "100% sure\n %\n%\n"),
        "only a line holding exactly % separates");
  }

  @Test
  void wordnetDocumentsAreSynsetGlossesKeyedByOffsetAfterTheLicenseHeader() {
    List<String> docs = read(TextFormat.WORDNET, DebianTextFixtures.WORDNET_NOUN);
    assertEquals(List.of(
        "synset:00001740=that which is perceived or known or inferred to have its own distinct existence (living or"
            + " nonliving)  ",
        "synset:00001930=an entity that has physical existence  ",
        "synset:00002137=a general concept formed by extracting common features from specific examples; \"the"
            + " abstraction of a concept\"  "), docs);
    assertEquals(List.of("synset:00002325=undergo the biomedical and metabolic processes of respiration; \"we"
        + " respire\"  "), read(TextFormat.WORDNET, DebianTextFixtures.WORDNET_VERB), "frames precede the gloss");
  }

  @Test
  void wordnetLinesWithoutAnOffsetOrAGlossOrWithARepeatedOffsetAreRefused() {
    String data = "00000001 03 n 01 a 0 000 | fine\n"
        + "garbage line | with a bar\n"
        + "00000002 03 n 01 b 0 000 no gloss marker\n"
        + "00000001 03 n 01 c 0 000 | again\n";
    assertEquals(List.of("synset:00000001=fine", "line:2!MALFORMED_RECORD", "synset:00000002!MALFORMED_RECORD",
        "line:4!DUPLICATE_KEY"), read(TextFormat.WORDNET, data));
  }

  @Test
  void aTenMegabyteLineIsOneTooLongRefusalAndTheLinesAfterItAreStillRead() {
    byte[] huge = new byte[10 << 20];
    Arrays.fill(huge, (byte) 'x');
    byte[] tail = "\n\n%\nafter\n".getBytes(StandardCharsets.UTF_8); // ends the huge document in every format
    byte[] all = Arrays.copyOf(huge, huge.length + tail.length);
    System.arraycopy(tail, 0, all, huge.length, tail.length);
    for (TextFormat format : List.of(TextFormat.LINES, TextFormat.PARAGRAPHS, TextFormat.FORTUNE)) {
      List<String> records = read(format, all);
      assertEquals("line:1!TEXT_TOO_LONG", records.get(0), format.word());
      assertTrue(records.get(records.size() - 1).endsWith("after"), format + ": " + records);
    }
    try (TextDocumentReader reader = TextDocumentReader.open(TextFormat.LINES, "f", new ByteArrayInputStream(all),
        CAP)) {
      TextRecord first = reader.next();
      assertEquals("the line has 10,485,760 bytes, more than the 400 bytes a document within max_chars can have;"
          + " skipped without buffering it", first.refusal().detail());
    }
  }

  @Test
  void aLongWordnetGlossIsTooLongButALongPointerListIsNot() {
    String pointers = " @ 00001740 n 0000".repeat(50); // 900 bytes before the gloss, more than CAP
    String data = "00000001 03 n 01 a 0 050" + pointers + " | short gloss\n"
        + "00000002 03 n 01 b 0 000 | " + "y".repeat(CAP + 1) + "\n";
    assertEquals(List.of("synset:00000001=short gloss", "synset:00000002!TEXT_TOO_LONG"),
        read(TextFormat.WORDNET, data));
  }

  @Test
  void anEmptyFileAndAFileWithoutDocumentsAreEachOneEmptyFileRefusal() {
    for (TextFormat format : TextFormat.values()) {
      assertEquals(List.of("!EMPTY_FILE"), read(format, ""), format.word());
    }
    assertEquals(List.of("!EMPTY_FILE"), read(TextFormat.LINES, "\n \n\t\n"));
    assertEquals(List.of("!EMPTY_FILE"), read(TextFormat.FORTUNE, "%\n%\n"));
    assertEquals(List.of("!EMPTY_FILE"), read(TextFormat.WORDNET, "  license only  \n"));
  }

  @Test
  void aReadFailureKeepsTheDocumentsBeforeItAndRefusesTheRestOfTheFile() {
    byte[] good = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
    InputStream failing = new InputStream() {
      private int i;

      @Override
      public int read() throws IOException {
        if (i < good.length) {
          return good[i++];
        }
        throw new IOException("disk went away");
      }
    };
    assertEquals(List.of("line:1=one", "line:2=two", "!UNREADABLE_SOURCE"), read(TextFormat.LINES, failing));
  }

  @Test
  void formatsRefuseFilesTheyDoNotReadByName() {
    assertEquals(null, TextFormat.WORDNET.refusesFile("data.noun"));
    assertTrue(TextFormat.WORDNET.refusesFile("index.noun").contains("data.noun, data.verb, data.adj and data.adv"));
    assertTrue(TextFormat.FORTUNE.refusesFile("riddles.dat").contains("strfile"));
    assertEquals(null, TextFormat.FORTUNE.refusesFile("riddles"));
    assertEquals(null, TextFormat.LINES.refusesFile("x.dat"));
  }
}
