package dev.synergen.tokenization.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * Where the driver reads a saved tokenizer or remap: a plain local path as it is, or any URI a
 * Hadoop file system serves (hdfs://, s3a://, file:, ...) copied once into a local temporary
 * directory. Executors never read it: the driver ships the bytes to them.
 */
public final class ArtifactLocation {
  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

  private ArtifactLocation() {}

  public static Path local(SparkSession spark, String location) {
    if (schemeOf(location) == null) {
      return Path.of(location);
    }
    return COPIES.computeIfAbsent(location, l -> {
      try {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(l);
        FileSystem fs = source.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path target = Files.createTempDirectory("synergen-artifact-copy");
        fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(target.toUri()), true);
        return target.resolve(source.getName());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + l + " to the driver", e);
      }
    });
  }

  private static String schemeOf(String location) {
    try {
      return URI.create(location).getScheme();
    } catch (IllegalArgumentException e) {
      // characters a URI may not hold (spaces, brackets): a local path
      return null;
    }
  }
}
