package dev.synergen.training.worker;

import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsDType;
import dev.synergen.core.io.SafetensorsFile;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.core.io.Sha256;
import dev.synergen.core.spark.HadoopConf;
import dev.synergen.training.TrainingErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Shared storage for the weight exchange of distributed training, through Hadoop's FileSystem (local
 * disk, NFS, HDFS, S3, ABFS alike): safetensors files each with a {@code .sha256} sidecar, written
 * under a temporary name and renamed into place, so a reader sees a whole file or none, and a file
 * whose bytes do not match its sidecar is refused. Counts the bytes it moves.
 */
public final class ExchangeStore implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String DIGEST = ".sha256";

  private final String root;
  private final HadoopConf conf;
  private transient FileSystem fs;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong read = new AtomicLong();

  public ExchangeStore(String root, HadoopConf conf) {
    this.root = root;
    this.conf = conf;
  }

  public String root() {
    return root;
  }

  private FileSystem fs() throws IOException {
    if (fs == null) {
      FileSystem f = new Path(root).getFileSystem(conf.get());
      // the checksummed local file system would write .crc files beside ours; we keep our own digests
      fs = f instanceof LocalFileSystem local ? local.getRaw() : f;
    }
    return fs;
  }

  private Path path(String relative) {
    if (relative.startsWith("/") || relative.contains("..")) {
      throw new IllegalArgumentException("exchange paths are relative and stay inside the store, got '" + relative + "'");
    }
    return new Path(root, relative);
  }

  /** Writes float32 tensors (name -> values, with their shapes) as one safetensors file plus its digest. */
  public void writeTensors(String relative, Map<String, float[]> values, Map<String, long[]> shapes,
      Map<String, String> metadata) {
    List<SafetensorsTensor> tensors = new ArrayList<>();
    values.forEach((name, v) -> tensors.add(SafetensorsTensor.ofFloats(name, shapes.get(name), v)));
    java.nio.file.Path local = null;
    try {
      local = Files.createTempFile("synergen-exchange", ".safetensors");
      Safetensors.write(local, tensors, metadata);
      String digest = Sha256.hex(local);
      put(local, relative);
      putBytes(digest.getBytes(StandardCharsets.US_ASCII), relative + DIGEST);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path(relative), e);
    } finally {
      deleteQuietly(local);
    }
  }

  /** Reads every tensor of a file written by {@link #writeTensors}, after checking its digest. */
  public Map<String, float[]> readTensors(String relative) {
    java.nio.file.Path local = null;
    try {
      String expected = new String(getBytes(relative + DIGEST), StandardCharsets.US_ASCII).trim();
      local = Files.createTempFile("synergen-exchange", ".safetensors");
      try (InputStream in = fs().open(path(relative))) {
        read.addAndGet(Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
      }
      String actual = Sha256.hex(local);
      if (!actual.equals(expected)) {
        throw TrainingErrors.error(TrainingErrors.TRAIN_EXCHANGE_INVALID, path(relative) + " has sha256 " + actual
            + " but its sidecar records " + expected + "; the file was changed or cut after it was written");
      }
      Map<String, float[]> out = new LinkedHashMap<>();
      try (SafetensorsFile file = Safetensors.open(local)) {
        for (String name : file.names()) {
          if (file.dtype(name) != SafetensorsDType.F32) {
            throw TrainingErrors.error(TrainingErrors.TRAIN_EXCHANGE_INVALID, path(relative) + " tensor '" + name
                + "' is " + file.dtype(name) + ", expected F32");
          }
          out.put(name, file.tensor(name).toFloats());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path(relative), e);
    } finally {
      deleteQuietly(local);
    }
  }

  public void writeString(String relative, String text) {
    try {
      putBytes(text.getBytes(StandardCharsets.UTF_8), relative);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path(relative), e);
    }
  }

  public String readString(String relative) {
    try {
      return new String(getBytes(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path(relative), e);
    }
  }

  public boolean exists(String relative) {
    try {
      return fs().exists(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + path(relative), e);
    }
  }

  /** Deletes a file or directory tree; absent is fine. */
  public void delete(String relative) {
    try {
      fs().delete(path(relative), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path(relative), e);
    }
  }

  /** Deletes the whole store (its root directory); absent is fine. */
  public void deleteAll() {
    try {
      fs().delete(new Path(root), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** Names directly under a directory (empty when it does not exist). */
  public List<String> list(String relative) {
    try {
      Path dir = path(relative);
      List<String> names = new ArrayList<>();
      if (!fs().exists(dir)) {
        return names;
      }
      for (var status : fs().listStatus(dir)) {
        names.add(status.getPath().getName());
      }
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path(relative), e);
    }
  }

  /** Bytes written and read through this instance so far. */
  public long bytesWritten() {
    return written.get();
  }

  public long bytesRead() {
    return read.get();
  }

  private void put(java.nio.file.Path local, String relative) throws IOException {
    Path target = path(relative);
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    fs().mkdirs(target.getParent());
    try (InputStream in = Files.newInputStream(local); OutputStream out = fs().create(temporary, true)) {
      written.addAndGet(in.transferTo(out));
    }
    commit(temporary, target);
  }

  private void putBytes(byte[] bytes, String relative) throws IOException {
    Path target = path(relative);
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    fs().mkdirs(target.getParent());
    try (OutputStream out = fs().create(temporary, true)) {
      out.write(bytes);
    }
    written.addAndGet(bytes.length);
    commit(temporary, target);
  }

  private void commit(Path temporary, Path target) throws IOException {
    // HDFS refuses to rename over a file: a retried round replaces its own earlier output
    fs().delete(target, false);
    if (!fs().rename(temporary, target)) {
      fs().delete(temporary, false);
      throw new IOException("rename of " + temporary + " to " + target + " failed");
    }
  }

  private byte[] getBytes(String relative) throws IOException {
    Path p = path(relative);
    if (!fs().exists(p)) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_EXCHANGE_INVALID, p + " does not exist; a worker did not write"
          + " its part of the exchange (see the failure of that worker's task)");
    }
    try (InputStream in = fs().open(p)) {
      byte[] b = in.readAllBytes();
      read.addAndGet(b.length);
      return b;
    }
  }

  private static void deleteQuietly(java.nio.file.Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temporary file in /tmp is harmless
      }
    }
  }
}
