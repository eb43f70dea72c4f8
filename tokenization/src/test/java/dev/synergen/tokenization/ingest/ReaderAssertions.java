package dev.synergen.tokenization.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drains readers and summarises outcomes as key -> "ACCEPTED" or reason code, in reader order. */
final class ReaderAssertions {
  static final String ACCEPTED = "ACCEPTED";

  private ReaderAssertions() {}

  static List<SourceRecord> drain(CorpusReader reader) {
    List<SourceRecord> records = new ArrayList<>();
    try (reader) {
      reader.forEachRemaining(records::add);
    }
    return records;
  }

  static List<IngestOutcome> validate(CorpusReader reader, SampleValidator validator) {
    return drain(reader).stream().map(validator::validate).toList();
  }

  static Map<String, String> verdicts(List<IngestOutcome> outcomes) {
    Map<String, String> verdicts = new LinkedHashMap<>();
    for (IngestOutcome o : outcomes) {
      String key = o.isAccepted() ? o.pair().sourceKey() : o.reject().sourceKey();
      String verdict = o.isAccepted() ? ACCEPTED : o.reject().reason().name();
      if (verdicts.put(key, verdict) != null) {
        throw new AssertionError("key " + key + " reported twice in " + outcomes);
      }
    }
    return verdicts;
  }

  static Map<String, String> readerVerdicts(List<SourceRecord> records) {
    Map<String, String> verdicts = new LinkedHashMap<>();
    for (SourceRecord r : records) {
      verdicts.put(r.sourceKey(), r.isRejected() ? r.readerError().reason().name() : "SAMPLE");
    }
    return verdicts;
  }
}
