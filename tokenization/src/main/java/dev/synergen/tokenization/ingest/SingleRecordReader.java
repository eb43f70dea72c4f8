package dev.synergen.tokenization.ingest;

import java.util.NoSuchElementException;

/** A reader of exactly one record: how a source that cannot be opened reports itself. */
final class SingleRecordReader implements CorpusReader {
  private SourceRecord record;

  private SingleRecordReader(SourceRecord record) {
    this.record = record;
  }

  static CorpusReader of(SourceRecord record) {
    return new SingleRecordReader(record);
  }

  @Override
  public boolean hasNext() {
    return record != null;
  }

  @Override
  public SourceRecord next() {
    if (record == null) {
      throw new NoSuchElementException("single-record reader is exhausted");
    }
    SourceRecord r = record;
    record = null;
    return r;
  }

  @Override
  public void close() {}
}
