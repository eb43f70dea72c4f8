package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.Rejection;
import java.util.Locale;

/**
 * Collects the members of one sample (image, caption, metadata) and builds its
 * {@link SourceRecord}; the first problem met (oversized or duplicated member) rejects the sample.
 */
final class SampleBuilder {
  private final String source;
  private final String key;
  private byte[] image;
  private String imageName;
  private String imageExtension;
  private byte[] caption;
  private String captionName;
  private byte[] metadata;
  private String metadataName;
  private Rejection rejection;

  SampleBuilder(String source, String key) {
    this.source = source;
    this.key = key;
  }

  String key() {
    return key;
  }

  boolean isRejected() {
    return rejection != null;
  }

  void reject(RejectReason reason, String detail) {
    if (rejection == null) {
      rejection = new Rejection(reason, detail);
    }
  }

  void rejectTooLarge(String member, long size, long limit) {
    rejectTooLarge(member, size, limit, MemberKind.of(extensionOf(member)));
  }

  void rejectTooLarge(String member, long size, long limit, MemberKind kind) {
    String which = switch (kind) {
      case CAPTION -> "caption";
      case METADATA -> "metadata";
      default -> "member";
    };
    reject(RejectReason.FILE_TOO_LARGE, "member " + member + " has " + size + " bytes, limit is " + limit
        + "; raise the " + which + " byte limit if such files are intended");
  }

  private static String extensionOf(String member) {
    int slash = member.lastIndexOf('/');
    int dot = member.indexOf('.', slash + 1);
    return dot < 0 ? "" : member.substring(dot + 1);
  }

  /** Adds a member's bytes; {@code extension} decides what it is. Members of unknown kinds are ignored. */
  void add(String member, String extension, byte[] bytes) {
    switch (MemberKind.of(extension)) {
      case IMAGE -> {
        if (image != null) {
          duplicate(imageName, member);
        }
        image = bytes;
        imageName = member;
        imageExtension = extension.toLowerCase(Locale.ROOT);
      }
      case CAPTION -> {
        if (caption != null) {
          duplicate(captionName, member);
        }
        caption = bytes;
        captionName = member;
      }
      case METADATA -> {
        if (metadata != null) {
          duplicate(metadataName, member);
        }
        metadata = bytes;
        metadataName = member;
      }
      case OTHER -> { }
    }
  }

  private void duplicate(String first, String second) {
    reject(RejectReason.DUPLICATE_MEMBER, "sample has two members of one kind: " + first + " and " + second
        + "; keep one image, one caption and one json per key");
  }

  SourceRecord build() {
    if (rejection != null) {
      return new SourceRecord(source, key, null, null, null, null, rejection);
    }
    return SourceRecord.sample(source, key, image, imageExtension, caption, metadata);
  }
}
