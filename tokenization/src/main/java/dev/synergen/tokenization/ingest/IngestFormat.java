package dev.synergen.tokenization.ingest;

import java.util.Locale;

/** The corpus layouts {@code synergen ingest} reads. */
public enum IngestFormat {
  /** Tar shards of {@code key.ext} members (img2dataset/webdataset output). */
  WEBDATASET,
  /** A folder of images with sidecar {@code .txt} captions. */
  FOLDER,
  /** A COCO-style captions JSON plus a folder of images. */
  COCO,
  /** img2dataset-style parquet files holding image bytes and captions. */
  PARQUET;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
