package dev.synergen.tokenization.textcorpus;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.Rejection;
import java.util.Objects;

/**
 * One document as a reader found it, before validation: its raw bytes, or the reader's own refusal.
 *
 * @param source the file, as an absolute path
 * @param sourceKey where in the file: {@code line:N} (first line of the document), {@code synset:OFFSET}
 *     (WordNet), or {@link #WHOLE_SOURCE} for a refusal of the whole file
 * @param bytes the document's bytes (lines joined by {@code \n}), null when refused
 * @param refusal non-null when the reader refused the record
 */
public record TextRecord(String source, String sourceKey, byte[] bytes, Rejection refusal) {
  /** Key of a refusal that concerns the whole file (empty, unreadable, not of the format). */
  public static final String WHOLE_SOURCE = "";

  public TextRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceKey, "sourceKey");
    if ((bytes == null) == (refusal == null)) {
      throw new IllegalArgumentException("a text record holds either bytes or a refusal");
    }
  }

  public static TextRecord document(String source, String key, byte[] bytes) {
    return new TextRecord(source, key, bytes, null);
  }

  public static TextRecord refused(String source, String key, RejectReason reason, String detail) {
    return new TextRecord(source, key, null, new Rejection(reason, detail));
  }

  public boolean isRefused() {
    return refusal != null;
  }
}
