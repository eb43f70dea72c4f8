package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.reject.RejectedRecord;
import dev.synergen.tokenization.reject.Rejection;

/** The result of validating one {@link SourceRecord}: exactly one of {@code pair} and {@code reject} is set. */
public record IngestOutcome(RawPair pair, RejectedRecord reject) {
  public IngestOutcome {
    if ((pair == null) == (reject == null)) {
      throw new IllegalArgumentException("an outcome is either accepted or rejected");
    }
  }

  public static IngestOutcome accepted(RawPair pair) {
    return new IngestOutcome(pair, null);
  }

  public static IngestOutcome rejected(String source, String sourceKey, Rejection rejection) {
    return new IngestOutcome(null, new RejectedRecord(source, sourceKey, rejection.reason(), rejection.detail()));
  }

  public boolean isAccepted() {
    return pair != null;
  }
}
