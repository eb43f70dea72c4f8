package dev.synergen.tokenization.ingest;

import java.io.Serializable;

/**
 * Column names of a parquet corpus. The defaults are img2dataset's parquet output: {@code key},
 * {@code jpg} (image bytes, null when the download failed) and {@code txt} (caption); every other
 * non-binary column is kept as the pair's JSON metadata.
 */
public record ParquetColumns(String key, String image, String caption) implements Serializable {
  public ParquetColumns {
    for (String column : new String[] {key, image, caption}) {
      if (column == null || column.isBlank()) {
        throw new IllegalArgumentException("parquet column names must not be blank, got key='" + key + "' image='"
            + image + "' caption='" + caption + "'");
      }
    }
  }

  public static ParquetColumns img2dataset() {
    return new ParquetColumns("key", "jpg", "txt");
  }
}
