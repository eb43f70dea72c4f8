package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.Rejection;
import java.util.Objects;

/**
 * One input sample as a reader found it, before validation: raw image and caption bytes plus
 * optional JSON metadata, or the reader's own refusal.
 *
 * <p>Arrays are shared, not copied; records are short-lived values between a reader and the
 * validator.
 *
 * @param source the shard, folder or annotations file, as given to the reader
 * @param sourceKey the sample's key inside the source ({@link #WHOLE_SOURCE} for a source-level refusal)
 * @param image image bytes, or null if the sample has none
 * @param imageExtension lower-case extension of the image member without the dot, or null
 * @param caption caption bytes (UTF-8 expected), or null if the sample has none
 * @param metadata raw JSON bytes (WebDataset {@code key.json}), or null
 * @param readerError non-null when the reader itself refused the sample; all byte fields are then null
 */
public record SourceRecord(String source, String sourceKey, byte[] image, String imageExtension, byte[] caption,
    byte[] metadata, Rejection readerError) {
  /** Key of a refusal that concerns the whole source (an unreadable file, a truncated tar). */
  public static final String WHOLE_SOURCE = "";

  public SourceRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceKey, "sourceKey");
  }

  public static SourceRecord sample(String source, String key, byte[] image, String imageExtension, byte[] caption,
      byte[] metadata) {
    return new SourceRecord(source, key, image, imageExtension, caption, metadata, null);
  }

  public static SourceRecord rejected(String source, String key, RejectReason reason, String detail) {
    return new SourceRecord(source, key, null, null, null, null, new Rejection(reason, detail));
  }

  public boolean isRejected() {
    return readerError != null;
  }
}
