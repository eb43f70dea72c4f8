package dev.synergen.tokenization.pack;

import dev.synergen.core.io.Sha256;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.tokenization.ml.ModelCache;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.vocab.PackedSample;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code text_docs} rows (doc_id, text, split) to {@link PackFunctions#SEQUENCES} rows: each document
 * encoded with the text tokenizer (parsed once per executor JVM) and cut into padded windows by
 * {@link SequenceLayout#textWindows}, one row per window. A window's seq_id hashes the salt, the document and the
 * window's index, so a re-run yields the same ids.
 */
final class TextWindows implements MapPartitionsFunction<Row, Row>, Serializable {
  /** {@link PackFunctions#SEQUENCES} and the document each window comes from. */
  static final StructType SCHEMA = PackFunctions.SEQUENCES.add("doc_id", DataTypes.StringType, false);

  private final String tokenizerPayload;
  private final int textVocab;
  private final int codebookSize;
  private final int contextLength;
  private final String salt;

  TextWindows(String tokenizerPayload, int textVocab, int codebookSize, int contextLength, String salt) {
    this.tokenizerPayload = tokenizerPayload;
    this.textVocab = textVocab;
    this.codebookSize = codebookSize;
    this.contextLength = contextLength;
    this.salt = salt;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> docs) {
    TextCodec codec = ModelCache.text(tokenizerPayload);
    VocabularyLayout vocabulary = new VocabularyLayout(textVocab, codebookSize);
    SequenceLayout layout = new SequenceLayout(vocabulary);
    SequencePacker packer = new SequencePacker(contextLength, vocabulary.pad());
    // lazy: one document's windows are held at a time
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && docs.hasNext()) {
          Row doc = docs.next();
          String docId = doc.getString(0);
          List<PackedSample> windows = layout.textWindows(codec.encode(doc.getString(1)), contextLength);
          for (int w = 0; w < windows.size(); w++) {
            SequencePacker.Sequence s = packer.pad(windows.get(w));
            ready.add(RowFactory.create(seqId(docId, w), PackedSample.TEXT, s.tokens(), RowArrays.boxed(s.lossMask()),
                s.usedTokens(), doc.getString(2), 1, docId));
          }
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more text windows");
        }
        return ready.poll();
      }
    };
  }

  private String seqId(String docId, int window) {
    return Sha256.hex(Sha256.newDigest().digest((salt + "|text|" + docId + "|" + window)
        .getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "TextWindows" + Arrays.asList(textVocab, codebookSize, contextLength);
  }
}
