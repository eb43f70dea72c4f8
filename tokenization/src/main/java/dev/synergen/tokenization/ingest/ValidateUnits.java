package dev.synergen.tokenization.ingest;

import dev.synergen.core.spark.HadoopConf;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * The executor side of ingest: opens each unit of a partition, validates its records one at a time
 * and yields outcome rows lazily, so a task holds one sample's bytes at a time, not a shard's.
 */
final class ValidateUnits implements FlatMapFunction<Iterator<String>, Row> {
  private static final long serialVersionUID = 1L;

  private final ValidationConfig validation;
  private final ReaderLimits limits;
  private final HadoopConf hadoop;
  private final LongAccumulator rows;

  ValidateUnits(ValidationConfig validation, ReaderLimits limits, HadoopConf hadoop, LongAccumulator rows) {
    this.validation = validation;
    this.limits = limits;
    this.hadoop = hadoop;
    this.rows = rows;
  }

  @Override
  public Iterator<Row> call(Iterator<String> units) {
    SampleValidator validator = new SampleValidator(validation);
    return new Iterator<>() {
      private CorpusReader reader;

      @Override
      public boolean hasNext() {
        while (reader == null || !reader.hasNext()) {
          if (reader != null) {
            reader.close();
            reader = null;
          }
          if (!units.hasNext()) {
            return false;
          }
          reader = IngestUnits.open(units.next(), limits, hadoop.get());
          CorpusReader opened = reader; // closed by the task even when it fails midway
          TaskContext context = TaskContext.get();
          if (context != null) {
            context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> opened.close());
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more ingest outcomes in this partition");
        }
        Row row = OutcomeRows.of(validator.validate(reader.next()));
        rows.add(1);
        return row;
      }
    };
  }
}
