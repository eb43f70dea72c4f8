package dev.synergen.tokenization.textcorpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The line-based formats: every non-blank line is a document ({@code lines}), blank lines separate
 * documents ({@code paragraphs}), or lines holding only {@code %} do ({@code fortune}, as
 * strfile(1) reads them). A document's key is its first line; a block with no content (blank lines
 * between separators) is not a document. Lines are joined with {@code \n}.
 */
final class BlockReader extends TextDocumentReader {
  /** What ends a document. */
  enum Separator { EVERY_LINE, BLANK_LINE, PERCENT_LINE }

  private final Separator separator;
  private ByteArrayOutputStream block;
  private long firstLine;
  private long blockBytes;
  private boolean hasContent;

  BlockReader(String source, InputStream in, int maxDocumentBytes, Separator separator) {
    super(source, in, maxDocumentBytes, maxDocumentBytes);
    this.separator = separator;
  }

  @Override
  protected boolean advance() throws IOException {
    ByteLines.Line line = nextLine();
    if (line == null) {
      flush();
      return false;
    }
    switch (separator) {
      case EVERY_LINE -> {
        if (!line.blank()) {
          append(line);
          flush();
        }
      }
      case BLANK_LINE -> {
        if (line.blank()) {
          flush();
        } else {
          append(line);
        }
      }
      case PERCENT_LINE -> {
        if (isPercentLine(line)) {
          flush();
        } else {
          append(line);
        }
      }
    }
    return true;
  }

  private static boolean isPercentLine(ByteLines.Line line) {
    return line.bytes().length == 1 && line.bytes()[0] == '%' && !line.truncated();
  }

  private void append(ByteLines.Line line) {
    if (block == null) {
      block = new ByteArrayOutputStream();
      firstLine = line.number();
      blockBytes = 0;
      hasContent = false;
    }
    blockBytes += (firstLine == line.number() ? 0 : 1) + line.length(); // the joining \n, then the line
    hasContent |= !line.blank();
    if (blockBytes <= maxDocumentBytes) {
      if (firstLine != line.number()) {
        block.write('\n');
      }
      block.writeBytes(line.bytes());
    }
  }

  private void flush() {
    if (block == null) {
      return;
    }
    String key = lineKey(firstLine);
    if (hasContent) {
      emit(blockBytes > maxDocumentBytes
          ? tooLong(key, separator == Separator.EVERY_LINE ? "the line" : "the document", blockBytes)
          : TextRecord.document(source, key, block.toByteArray()));
    }
    block = null;
  }
}
