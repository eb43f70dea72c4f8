package dev.synergen.tokenization.text;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.synergen.tokenization.TokenizationErrors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text to compact ids and back: a bundled BPE encoding (special-token text such as
 * {@code <|endoftext|>} is encoded as ordinary text, never as a control token) followed by a
 * {@link VocabularyRemap}. Round trips are exact for text whose BPE pieces the remap kept; a
 * piece it dropped becomes UNK and decodes to {@value #UNK_TEXT}. Immutable and thread-safe.
 */
public final class BpeTextTokenizer implements TextCodec {
  /** What UNK decodes to: the Unicode replacement character. */
  public static final String UNK_TEXT = "\uFFFD";

  private final VocabularyRemap remap;
  private final Encoding encoding;

  public BpeTextTokenizer(VocabularyRemap remap) {
    this.remap = remap;
    this.encoding = BpeEncodings.get(remap.encoding());
  }

  /** The raw BPE ids of a text: what the corpus aggregation counts to build a remap. */
  public static int[] bpeIds(String encodingName, String text) {
    return BpeEncodings.get(encodingName).encodeOrdinary(requireText(text)).toArray();
  }

  /** Compact ids of a text; pieces outside the vocabulary become {@link VocabularyRemap#UNK_ID}. */
  @Override
  public int[] encode(String text) {
    int[] ids = encoding.encodeOrdinary(requireText(text)).toArray();
    for (int i = 0; i < ids.length; i++) {
      ids[i] = remap.compact(ids[i]);
    }
    return ids;
  }

  /** Whether every BPE piece of the text is in the vocabulary, i.e. the round trip is exact. */
  @Override
  public boolean covers(String text) {
    for (int id : encoding.encodeOrdinary(requireText(text)).toArray()) {
      if (remap.compact(id) == VocabularyRemap.UNK_ID) {
        return false;
      }
    }
    return true;
  }

  /** Text of compact ids; every id must be in {@code [0, size)}. */
  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IntArrayList run = new IntArrayList();
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= remap.size()) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_ID_OUT_OF_RANGE, "text id " + id + " at position " + i + " is outside the compact vocabulary [0, "
            + remap.size() + ") of " + remap.version());
      }
      if (id == VocabularyRemap.UNK_ID) {
        flush(run, bytes);
        bytes.writeBytes(UNK_TEXT.getBytes(StandardCharsets.UTF_8));
      } else {
        run.add(remap.bpe(id));
      }
    }
    flush(run, bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  // BPE pieces may split a UTF-8 character, so runs are decoded to bytes and turned into text once
  private void flush(IntArrayList run, ByteArrayOutputStream bytes) {
    if (!run.isEmpty()) {
      bytes.writeBytes(encoding.decodeBytes(run));
      run.clear();
    }
  }

  public int unkId() {
    return VocabularyRemap.UNK_ID;
  }

  /** Compact vocabulary size including UNK. */
  @Override
  public int vocabularySize() {
    return remap.size();
  }

  @Override
  public String version() {
    return remap.version();
  }

  public VocabularyRemap remap() {
    return remap;
  }

  private static String requireText(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null; use \"\" for an empty caption");
    }
    return text;
  }
}
