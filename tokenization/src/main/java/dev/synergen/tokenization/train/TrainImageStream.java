package dev.synergen.tokenization.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.vq.ImageBatch;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Training batches streamed from a table of images to the driver, one partition at a time
 * ({@code toLocalIterator}; the images are never collected). Each epoch visits the rows in the
 * order of sha2(seed, epoch, pair_id), so batch {@code s} is the same in every run: a resumed
 * training skips the images of its first steps without decoding them and continues exactly.
 * Unreadable images are skipped and counted.
 */
final class TrainImageStream implements Iterator<ImageBatch> {
  private final Dataset<Row> images;
  private final int batchSize;
  private final int imageSize;
  private final long seed;
  private final ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());
  private int epoch;
  private Iterator<Row> rows;
  private long skipped;

  /** @param images rows with columns {@code pair_id} and {@code image} (encoded bytes) */
  TrainImageStream(Dataset<Row> images, int batchSize, int imageSize, long seed, long startImage) {
    this.images = images.select("pair_id", "image");
    this.batchSize = batchSize;
    this.imageSize = imageSize;
    this.seed = seed;
    this.rows = epochRows();
    for (long i = 0; i < startImage; i++) {
      nextRow();
    }
  }

  private Iterator<Row> epochRows() {
    return images.orderBy(sha2(concat(lit(seed + "/" + epoch + "/"), col("pair_id")), 256)).toLocalIterator();
  }

  private Row nextRow() {
    if (!rows.hasNext()) {
      epoch++;
      rows = epochRows();
      if (!rows.hasNext()) {
        throw new NoSuchElementException("the training split has no images");
      }
    }
    return rows.next();
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public ImageBatch next() {
    List<BufferedImage> batch = new ArrayList<>(batchSize);
    while (batch.size() < batchSize) {
      Row row = nextRow();
      byte[] bytes = row.isNullAt(1) ? null : (byte[]) row.get(1);
      BufferedImage image = null;
      try {
        image = bytes == null ? null : ImageFitting.decodeAndFit(decoder, bytes, imageSize);
      } catch (RejectedException e) {
        image = null;
      }
      if (image == null) {
        skipped++;
        if (skipped > 1000L + 10L * batchSize * Math.max(1, epoch + 1)) {
          throw new IllegalStateException("more than " + skipped + " unreadable training images; run ingest first");
        }
        continue;
      }
      batch.add(image);
    }
    return ImageBatch.of(batch, imageSize);
  }

  long skipped() {
    return skipped;
  }

  int epoch() {
    return epoch;
  }
}
