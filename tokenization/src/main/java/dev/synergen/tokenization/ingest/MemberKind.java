package dev.synergen.tokenization.ingest;

import java.util.Locale;
import java.util.Set;

/** What a sample member is, by its extension: WebDataset's {@code key.ext} convention. */
public enum MemberKind {
  IMAGE,
  CAPTION,
  METADATA,
  OTHER;

  /** Extensions of images, including formats we recognise but refuse, so they get a precise reason. */
  static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "png", "gif", "bmp", "webp", "tif", "tiff",
      "heic", "heif", "avif", "jp2", "jxl", "svg");

  public static MemberKind of(String extension) {
    String ext = extension.toLowerCase(Locale.ROOT);
    if (IMAGE_EXTENSIONS.contains(ext)) {
      return IMAGE;
    }
    if (ext.equals("txt")) {
      return CAPTION;
    }
    if (ext.equals("json")) {
      return METADATA;
    }
    return OTHER;
  }
}
