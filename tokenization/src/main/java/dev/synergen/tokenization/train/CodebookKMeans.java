package dev.synergen.tokenization.train;

import dev.synergen.tokenization.artifact.ArtifactBytes;
import dev.synergen.tokenization.device.IntraOpThreads;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.reject.RejectedException;
import dev.synergen.tokenization.ml.ImageTokenizer;
import dev.synergen.tokenization.ml.ModelCache;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Codebook initialisation by k-means on encoder outputs, the distributed step of tokenizer
 * training: executors encode images into latents with the current encoder (broadcast like
 * {@link ImageTokenizer}), Spark MLlib's {@link KMeans} (k-means|| init) clusters them on the
 * cluster, and the K centroids become the codebook.
 */
public final class CodebookKMeans {
  private static final StructType LATENTS = new StructType().add("latent", SQLDataTypes.VectorType(), false);

  private CodebookKMeans() {}

  /**
   * Centroids (K * codeDim floats, row-major) of the latents of {@code images} (a column
   * {@code image} of encoded bytes). If the latents hold fewer than K distinct points, MLlib
   * returns fewer centres; the missing ones are copies of returned centres (the trainer's dead-code
   * restarts move them onto data).
   */
  public static float[] centroids(Dataset<Row> images, Path tokenizerDir, int maxIterations, long seed) {
    VqConfig config;
    byte[] packed;
    try {
      config = VqTokenizer.configOf(tokenizerDir);
      packed = ArtifactBytes.pack(tokenizerDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer at " + tokenizerDir, e);
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(images.sparkSession().sparkContext());
    Broadcast<byte[]> model = context.broadcast(packed);
    Dataset<Row> latents = images.select("image")
        .mapPartitions(new ToLatents(dev.synergen.core.io.Sha256.hex(packed), model, config.imageSize(),
            config.codeDim()), Encoders.row(LATENTS))
        .cache();
    try {
      KMeansModel kmeans = new KMeans().setK(config.codebookSize()).setSeed(seed).setMaxIter(maxIterations)
          .setFeaturesCol("latent").setInitMode("k-means||").fit(latents);
      Vector[] centres = kmeans.clusterCenters();
      float[] out = new float[config.codebookSize() * config.codeDim()];
      SplittableRandom random = new SplittableRandom(seed);
      for (int k = 0; k < config.codebookSize(); k++) {
        Vector c = k < centres.length ? centres[k] : centres[random.nextInt(centres.length)];
        for (int d = 0; d < config.codeDim(); d++) {
          out[k * config.codeDim() + d] = (float) c.apply(d);
        }
      }
      return out;
    } finally {
      latents.unpersist();
      model.destroy();
    }
  }

  /** Image bytes to one row per latent vector; unreadable images contribute nothing. */
  private static final class ToLatents implements MapPartitionsFunction<Row, Row>, Serializable {
    private final String contentHash;
    private final Broadcast<byte[]> model;
    private final int imageSize;
    private final int codeDim;

    ToLatents(String contentHash, Broadcast<byte[]> model, int imageSize, int codeDim) {
      this.contentHash = contentHash;
      this.model = model;
      this.imageSize = imageSize;
      this.codeDim = codeDim;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
      // the partition is encoded here, eagerly, in the task thread
      IntraOpThreads.applyToCurrentThread();
      VqTokenizer tokenizer = ModelCache.image(contentHash, TaskDevice.resolve("auto"), model::value);
      List<Row> out = new ArrayList<>();
      List<java.awt.image.BufferedImage> batch = new ArrayList<>();
      ImageDecoder decoder = new ImageDecoder(ImageConfig.defaults());
      while (rows.hasNext()) {
        byte[] bytes = (byte[]) rows.next().get(0);
        try {
          if (bytes != null) {
            batch.add(ImageFitting.decodeAndFit(decoder, bytes, imageSize));
          }
        } catch (RejectedException e) {
          // an unreadable image is the tokenize job's reject; k-means samples the others
        }
        if (batch.size() == 32 || (!rows.hasNext() && !batch.isEmpty())) {
          float[] latents = tokenizer.encodeLatents(ImageBatch.of(batch, imageSize));
          for (int i = 0; i < latents.length; i += codeDim) {
            double[] v = new double[codeDim];
            for (int d = 0; d < codeDim; d++) {
              v[d] = latents[i + d];
            }
            out.add(RowFactory.create(Vectors.dense(v)));
          }
          batch.clear();
        }
      }
      return out.iterator();
    }
  }
}
