package dev.synergen.tokenization.textcorpus;

import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * WordNet 3.0 {@code data.*} files (wndb(5WN)): each line is one synset, {@code offset lex_filenum
 * ss_type w_cnt word lex_id ... p_cnt ptrs ... | gloss}; the gloss after the first {@code " | "} holds
 * the definition and quoted example sentences and is the document. Lines that start with two
 * spaces are the license header. The key is the synset offset, unique in its file.
 */
final class WordnetReader extends TextDocumentReader {
  private static final byte[] GLOSS_MARK = {' ', '|', ' '};
  private static final int OFFSET_DIGITS = 8;

  private final Set<String> offsets = new HashSet<>();

  /** Room for the words and pointers before the gloss (the longest WordNet 3.0 line has 12,972 bytes). */
  static final int PREFIX_ROOM = 1 << 16;

  WordnetReader(String source, InputStream in, int maxDocumentBytes) {
    super(source, in, maxDocumentBytes, (int) Math.min(Integer.MAX_VALUE - 8L, (long) maxDocumentBytes + PREFIX_ROOM));
  }

  @Override
  protected boolean advance() throws IOException {
    ByteLines.Line line = nextLine();
    if (line == null) {
      return false;
    }
    byte[] b = line.bytes();
    if (line.blank() || (b.length >= 2 && b[0] == ' ' && b[1] == ' ')) {
      return true; // the license header and blank lines are not records
    }
    String offset = offset(b);
    if (offset == null) {
      emit(TextRecord.refused(source, lineKey(line.number()), RejectReason.MALFORMED_RECORD,
          "line " + line.number() + " does not start with an 8-digit synset offset: '" + preview(b) + "'"));
      return true;
    }
    String key = "synset:" + offset;
    if (!offsets.add(offset)) {
      emit(TextRecord.refused(source, lineKey(line.number()), RejectReason.DUPLICATE_KEY,
          "synset offset " + offset + " appears again on line " + line.number()));
      return true;
    }
    int mark = indexOf(b, GLOSS_MARK);
    if (mark < 0) {
      emit(line.truncated() ? tooLong(key, "the synset line " + line.number(), line.length())
          : TextRecord.refused(source, key, RejectReason.MALFORMED_RECORD,
              "synset " + offset + " (line " + line.number() + ") has no ' | ' before a gloss"));
      return true;
    }
    long glossBytes = line.length() - mark - GLOSS_MARK.length;
    if (glossBytes > maxDocumentBytes || line.truncated()) {
      emit(tooLong(key, "the gloss of synset " + offset + " (line " + line.number() + ")", glossBytes));
      return true;
    }
    byte[] gloss = new byte[b.length - mark - GLOSS_MARK.length];
    System.arraycopy(b, mark + GLOSS_MARK.length, gloss, 0, gloss.length);
    emit(TextRecord.document(source, key, gloss));
    return true;
  }

  private static String offset(byte[] b) {
    if (b.length <= OFFSET_DIGITS || b[OFFSET_DIGITS] != ' ') {
      return null;
    }
    for (int i = 0; i < OFFSET_DIGITS; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return null;
      }
    }
    return new String(b, 0, OFFSET_DIGITS, StandardCharsets.US_ASCII);
  }

  private static int indexOf(byte[] b, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= b.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The line's start for a message, with anything unprintable escaped. */
  private static String preview(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 40); i++) {
      int c = b[i] & 0xff;
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return b.length > 40 ? sb + "..." : sb.toString();
  }
}
