package dev.synergen.tokenization.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * Makes the keys of one reader's records unique by suffixing repeats with {@code #2}, {@code #3}...
 * ({@code rejects} is keyed by source and key, so a key repeated in a corrupt source must not
 * make two of its rows collide).
 */
final class UniqueKeys implements CorpusReader {
  private final CorpusReader reader;
  private final Map<String, Integer> seen = new HashMap<>();

  UniqueKeys(CorpusReader reader) {
    this.reader = reader;
  }

  @Override
  public boolean hasNext() {
    return reader.hasNext();
  }

  @Override
  public SourceRecord next() {
    SourceRecord r = reader.next();
    int count = seen.merge(r.sourceKey(), 1, Integer::sum);
    if (count == 1) {
      return r;
    }
    String key = r.sourceKey() + "#" + count;
    while (seen.containsKey(key)) {
      key = key + "'";
    }
    seen.put(key, 1);
    return new SourceRecord(r.source(), key, r.image(), r.imageExtension(), r.caption(), r.metadata(), r.readerError());
  }

  @Override
  public void close() {
    reader.close();
  }
}
