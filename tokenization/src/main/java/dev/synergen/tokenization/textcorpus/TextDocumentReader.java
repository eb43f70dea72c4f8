package dev.synergen.tokenization.textcorpus;

import dev.synergen.tokenization.reject.RejectReason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the documents of one text file in file order. Readers never throw for bad input: an empty
 * file, an unreadable one, a malformed record or an over-long document each become a refused
 * {@link TextRecord}, so accepted + rejected accounts for the whole file. Memory is bounded by
 * {@code maxDocumentBytes} whatever the file holds.
 */
public abstract class TextDocumentReader implements Iterator<TextRecord>, Closeable {
  protected final String source;
  protected final int maxDocumentBytes;
  private final InputStream in;
  private final ByteLines lines;
  private final ArrayDeque<TextRecord> ready = new ArrayDeque<>();
  private boolean finished;
  private long documents;

  /** A reader that keeps at most {@code lineCap} bytes of a line (>= {@code maxDocumentBytes}). */
  protected TextDocumentReader(String source, InputStream in, int maxDocumentBytes, int lineCap) {
    if (lineCap < maxDocumentBytes) {
      throw new IllegalArgumentException("line cap " + lineCap + " is below the document cap " + maxDocumentBytes);
    }
    this.source = source;
    this.in = in;
    this.maxDocumentBytes = maxDocumentBytes;
    this.lines = new ByteLines(in, lineCap);
  }

  /** The reader of {@code format} over {@code in}; the reader closes the stream. */
  public static TextDocumentReader open(TextFormat format, String source, InputStream in, int maxDocumentBytes) {
    return switch (format) {
      case LINES -> new BlockReader(source, in, maxDocumentBytes, BlockReader.Separator.EVERY_LINE);
      case PARAGRAPHS -> new BlockReader(source, in, maxDocumentBytes, BlockReader.Separator.BLANK_LINE);
      case FORTUNE -> new BlockReader(source, in, maxDocumentBytes, BlockReader.Separator.PERCENT_LINE);
      case WORDNET -> new WordnetReader(source, in, maxDocumentBytes);
    };
  }

  /** Reads the next line; null at the end of the file. */
  protected final ByteLines.Line nextLine() throws IOException {
    return lines.next();
  }

  /** Queues a record for the caller. */
  protected final void emit(TextRecord record) {
    if (!record.isRefused() || !TextRecord.WHOLE_SOURCE.equals(record.sourceKey())) {
      documents++;
    }
    ready.add(record);
  }

  /**
   * Reads lines until at least one record is queued or the file ends; at the end it emits the
   * document still open and returns false.
   */
  protected abstract boolean advance() throws IOException;

  protected final String lineKey(long line) {
    return "line:" + line;
  }

  protected final TextRecord tooLong(String key, String what, long bytes) {
    return TextRecord.refused(source, key, RejectReason.TEXT_TOO_LONG, String.format(
        "%s has %,d bytes, more than the %,d bytes a document within max_chars can have; skipped without buffering it",
        what, bytes, maxDocumentBytes));
  }

  @Override
  public final boolean hasNext() {
    while (ready.isEmpty() && !finished) {
      try {
        if (!advance()) {
          finished = true;
          refuseIfEmpty();
        }
      } catch (IOException | UncheckedIOException e) {
        // what was read stays; the rest of the file is one refusal
        ready.add(TextRecord.refused(source, TextRecord.WHOLE_SOURCE, RejectReason.UNREADABLE_SOURCE,
            "reading failed after " + lines.totalBytes() + " bytes: " + e));
        finished = true;
      }
    }
    return !ready.isEmpty();
  }

  /** A file without any document is reported once, never passed over in silence. */
  private void refuseIfEmpty() {
    if (lines.totalBytes() == 0) {
      ready.add(TextRecord.refused(source, TextRecord.WHOLE_SOURCE, RejectReason.EMPTY_FILE, "the file has 0 bytes"));
    } else if (documents == 0) {
      ready.add(TextRecord.refused(source, TextRecord.WHOLE_SOURCE, RejectReason.EMPTY_FILE, String.format(
          "the file has %,d bytes but no document: only blank lines, separators or header lines",
          lines.totalBytes())));
    }
  }

  @Override
  public final TextRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more documents in " + source);
    }
    return ready.poll();
  }

  @Override
  public final void close() {
    try {
      in.close();
    } catch (IOException e) {
      // nothing was written; a failed close of a read stream loses nothing
    }
  }
}
