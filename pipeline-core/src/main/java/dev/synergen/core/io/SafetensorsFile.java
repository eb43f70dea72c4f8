package dev.synergen.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An opened, validated safetensors file whose tensors are memory-mapped on request. */
public final class SafetensorsFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final Safetensors.Header header;

  SafetensorsFile(Path path, FileChannel channel, Safetensors.Header header) {
    this.path = path;
    this.channel = channel;
    this.header = header;
  }

  public Path path() {
    return path;
  }

  /** Tensor names in sorted order. */
  public List<String> names() {
    return List.copyOf(header.entries().keySet());
  }

  public Map<String, String> metadata() {
    return header.metadata();
  }

  public boolean contains(String name) {
    return header.entries().containsKey(name);
  }

  public SafetensorsDType dtype(String name) {
    return entry(name).dtype();
  }

  public long[] shape(String name) {
    return entry(name).shape().clone();
  }

  /** Maps one tensor read-only; the mapping stays valid after {@link #close()}. */
  public SafetensorsTensor tensor(String name) throws IOException {
    Safetensors.TensorEntry e = entry(name);
    var mapped = channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + e.begin(), e.end() - e.begin());
    return new SafetensorsTensor(name, e.dtype(), e.shape(), mapped);
  }

  private Safetensors.TensorEntry entry(String name) {
    Safetensors.TensorEntry e = header.entries().get(name);
    if (e == null) {
      throw Safetensors.invalid(path, "no tensor named '" + name + "' (it has " + header.entries().size() + " tensors)");
    }
    return e;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
