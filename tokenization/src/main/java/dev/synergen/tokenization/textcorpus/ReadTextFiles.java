package dev.synergen.tokenization.textcorpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synergen.tokenization.ingest.HashSplit;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * The executor side of text ingest: reads the files of each unit one after another, validates each
 * document as it is read and yields outcome rows lazily, so a task holds one document at a time.
 */
final class ReadTextFiles implements FlatMapFunction<Iterator<String>, Row> {
  private static final long serialVersionUID = 1L;

  private final TextFormat format;
  private final TextLimits limits;
  private final HashSplit split;
  private final LongAccumulator rows;

  ReadTextFiles(TextFormat format, TextLimits limits, HashSplit split, LongAccumulator rows) {
    this.format = format;
    this.limits = limits;
    this.split = split;
    this.rows = rows;
  }

  @Override
  public Iterator<Row> call(Iterator<String> units) {
    TextValidator validator = new TextValidator(limits);
    return new Iterator<>() {
      private final ArrayDeque<String> files = new ArrayDeque<>();
      private final ArrayDeque<TextRecord> pending = new ArrayDeque<>();
      private TextDocumentReader reader;

      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && (reader == null || !reader.hasNext())) {
          if (reader != null) {
            reader.close();
            reader = null;
          }
          if (!files.isEmpty()) {
            openNext(files.poll());
          } else if (units.hasNext()) {
            JsonNode unit = TextFiles.parse(units.next());
            pending.addAll(TextFiles.refusals(unit));
            files.addAll(TextFiles.files(unit));
          } else {
            return false;
          }
        }
        return true;
      }

      private void openNext(String path) {
        try {
          reader = TextDocumentReader.open(format, path, TextFiles.open(path), limits.maxDocumentBytes());
        } catch (IOException | RuntimeException e) {
          pending.add(TextRecord.refused(path, TextRecord.WHOLE_SOURCE, RejectReason.UNREADABLE_SOURCE,
              "cannot open: " + e));
          return;
        }
        TextDocumentReader opened = reader; // closed by the task even when it fails midway
        TaskContext context = TaskContext.get();
        if (context != null) {
          context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> opened.close());
        }
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more text ingest outcomes in this partition");
        }
        TextRecord record = pending.isEmpty() ? reader.next() : pending.poll();
        rows.add(1);
        return TextOutcomeRows.of(record, validator, split);
      }
    };
  }
}
