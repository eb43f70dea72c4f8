package dev.synergen.tokenization.ingest;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Streams the samples of one source (a tar shard, a folder, a COCO annotations file) in a
 * deterministic order. Readers never throw for bad input: every problem becomes a rejected
 * {@link SourceRecord}, so accepted + rejected accounts for the whole source.
 */
public interface CorpusReader extends Iterator<SourceRecord>, Closeable {
  @Override
  void close();
}
