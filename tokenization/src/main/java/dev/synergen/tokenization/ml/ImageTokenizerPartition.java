package dev.synergen.tokenization.ml;

import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.device.IntraOpThreads;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.reject.Rejection;
import dev.synergen.tokenization.vq.CodeGrids;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition of {@link ImageTokenizer}: rows are pulled lazily, {@code batchSize} at a time,
 * so a partition never holds more than one batch of images in memory; libtorch gets the task's
 * share of the cores ({@link IntraOpThreads}).
 */
final class ImageTokenizerPartition implements MapPartitionsFunction<Row, Row>, Serializable {
  private final String contentHash;
  private final Broadcast<byte[]> model;
  private final int inputIndex;
  private final int batchSize;
  private final String device;
  private final int imageSize;
  private final boolean withErrors;

  ImageTokenizerPartition(String contentHash, Broadcast<byte[]> model, int inputIndex, int batchSize, String device,
      int imageSize, boolean withErrors) {
    this.contentHash = contentHash;
    this.model = model;
    this.inputIndex = inputIndex;
    this.batchSize = batchSize;
    this.device = device;
    this.imageSize = imageSize;
    this.withErrors = withErrors;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    VqTokenizer tokenizer = ModelCache.image(contentHash, TaskDevice.resolve(device), model::value);
    ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());
    return new Iterator<>() {
      private final Deque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (ready.isEmpty() && rows.hasNext()) {
          encodeNextBatch(tokenizer, decoder, rows, ready);
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private void encodeNextBatch(VqTokenizer tokenizer, ImageDecoder decoder, Iterator<Row> rows, Deque<Row> out) {
    List<Row> inputs = new ArrayList<>(batchSize);
    List<BufferedImage> images = new ArrayList<>(batchSize);
    List<String> errors = new ArrayList<>(batchSize);
    while (inputs.size() < batchSize && rows.hasNext()) {
      Row row = rows.next();
      inputs.add(row);
      Rejection rejection = null;
      BufferedImage image = null;
      byte[] bytes = row.isNullAt(inputIndex) ? null : (byte[]) row.get(inputIndex);
      if (bytes == null) {
        rejection = new Rejection(RejectReason.MISSING_IMAGE, "the image column is null");
      } else {
        try {
          image = ImageFitting.decodeAndFit(decoder, bytes, imageSize);
        } catch (RejectedException e) {
          rejection = e.rejection();
        }
      }
      if (rejection != null && !withErrors) {
        throw TokenizationErrors.error(bytes == null ? TokenizationErrors.IMAGE_MISSING
            : TokenizationErrors.IMAGE_UNDECODABLE, rejection.reason() + ": " + rejection.detail() + " (row "
            + inputs.size() + " of its batch); set errorCol to route such rows instead of failing");
      }
      String error = rejection == null ? null : rejection.reason() + ": " + rejection.detail();
      errors.add(error);
      if (image != null) {
        images.add(image);
      }
    }
    // in the thread that pulls the rows and runs the forward pass, whichever thread that is
    IntraOpThreads.applyToCurrentThread();
    CodeGrids codes = images.isEmpty() ? null : tokenizer.encode(ImageBatch.of(images, imageSize));
    int next = 0;
    for (int i = 0; i < inputs.size(); i++) {
      int[] grid = errors.get(i) == null ? codes.image(next++) : null;
      out.add(append(inputs.get(i), grid, errors.get(i)));
    }
  }

  private Row append(Row row, int[] codes, String error) {
    int n = row.length();
    Object[] values = new Object[n + (withErrors ? 2 : 1)];
    for (int i = 0; i < n; i++) {
      values[i] = row.get(i);
    }
    values[n] = codes;
    if (withErrors) {
      values[n + 1] = error;
    }
    return RowFactory.create(values);
  }
}
