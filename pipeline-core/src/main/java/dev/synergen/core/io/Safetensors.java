package dev.synergen.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (8-byte header length, JSON header, raw data).
 *
 * <p>Reading validates the whole header before any tensor byte is touched: offsets inside the
 * file, contiguous and non-overlapping, shape x dtype equal to the byte length, and bounded
 * sizes, so a truncated or tampered file fails with a message instead of reaching native code.
 */
public final class Safetensors {
  /** Upper bound of the JSON header, as in the reference implementation. */
  public static final long MAX_HEADER_BYTES = 100L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Safetensors() {}

  /** Writes tensors sorted by name; the file appears atomically (temp file, fsync, rename). */
  public static void write(Path target, List<SafetensorsTensor> tensors, Map<String, String> metadata)
      throws IOException {
    List<SafetensorsTensor> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparing(SafetensorsTensor::name));
    ObjectNode header = JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      new TreeMap<>(metadata).forEach(meta::put);
    }
    long offset = 0;
    String previous = null;
    for (SafetensorsTensor t : sorted) {
      if (t.name().equals(previous)) {
        throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
      }
      previous = t.name();
      ObjectNode entry = header.putObject(t.name());
      entry.put("dtype", t.dtype().name());
      ArrayNode shape = entry.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      long length = t.data().remaining();
      entry.putArray("data_offsets").add(offset).add(offset + length);
      offset += length;
    }
    byte[] headerBytes = padHeader(JSON.writeValueAsBytes(header));
    AtomicFiles.write(target, channel -> {
      ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      prefix.putLong(headerBytes.length).flip();
      writeFully(channel, prefix);
      writeFully(channel, ByteBuffer.wrap(headerBytes));
      for (SafetensorsTensor t : sorted) {
        writeFully(channel, t.data());
      }
    });
  }

  /** Opens and validates a file; tensors are memory-mapped lazily by {@link SafetensorsFile#tensor}. */
  public static SafetensorsFile open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new SafetensorsFile(path, channel, readHeader(path, channel));
    } catch (RuntimeException | IOException e) {
      channel.close();
      throw e;
    }
  }

  /** Reads every tensor into heap memory; for small files such as tokenizers and tests. */
  public static Map<String, SafetensorsTensor> readAll(Path path) throws IOException {
    try (SafetensorsFile file = open(path)) {
      Map<String, SafetensorsTensor> out = new LinkedHashMap<>();
      for (String name : file.names()) {
        SafetensorsTensor mapped = file.tensor(name);
        ByteBuffer copy = ByteBuffer.allocate(mapped.data().remaining());
        copy.put(mapped.data()).flip();
        out.put(name, new SafetensorsTensor(name, mapped.dtype(), mapped.shape(), copy));
      }
      return out;
    }
  }

  static Header readHeader(Path path, FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 8) {
      throw invalid(path, "file is " + fileSize + " bytes, shorter than the 8-byte header length");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, prefix, 0);
    long headerLength = prefix.flip().getLong();
    if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
      throw invalid(path, "header length " + headerLength + " is outside 1.." + Math.min(MAX_HEADER_BYTES, fileSize - 8)
          + " (file size " + fileSize + "); the file is truncated or not safetensors");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(channel, headerBytes, 8);
    JsonNode root = SafetensorsHeaderJson.parse(path, headerBytes.array());
    long dataStart = 8 + headerLength;
    long dataLength = fileSize - dataStart;
    Map<String, String> metadata = new TreeMap<>();
    List<TensorEntry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("__metadata__")) {
        if (!field.getValue().isObject()) {
          throw invalid(path, "__metadata__ must be an object of strings");
        }
        field.getValue().fields().forEachRemaining(m -> {
          if (!m.getValue().isTextual()) {
            throw invalid(path, "__metadata__." + m.getKey() + " must be a string");
          }
          metadata.put(m.getKey(), m.getValue().asText());
        });
      } else {
        entries.add(parseEntry(path, field.getKey(), field.getValue(), dataLength));
      }
    }
    entries.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
    long expected = 0;
    for (TensorEntry e : entries) {
      if (e.begin() != expected) {
        throw invalid(path, "tensor '" + e.name() + "' starts at " + e.begin() + " but the previous one ends at "
            + expected + " (tensors must be contiguous and must not overlap)");
      }
      expected = e.end();
    }
    if (expected != dataLength) {
      throw invalid(path, "tensors cover " + expected + " data bytes but the file holds " + dataLength
          + "; the file is truncated or has trailing bytes");
    }
    Map<String, TensorEntry> byName = new LinkedHashMap<>();
    entries.stream().sorted(Comparator.comparing(TensorEntry::name)).forEach(e -> byName.put(e.name(), e));
    return new Header(dataStart, byName, metadata);
  }

  private static TensorEntry parseEntry(Path path, String name, JsonNode node, long dataLength) {
    if (!node.isObject()) {
      throw invalid(path, "entry '" + name + "' is not an object");
    }
    SafetensorsDType dtype;
    try {
      dtype = SafetensorsDType.valueOf(node.path("dtype").asText(""));
    } catch (IllegalArgumentException e) {
      throw invalid(path, "tensor '" + name + "' has unknown dtype '" + node.path("dtype").asText("") + "'");
    }
    JsonNode shapeNode = node.path("shape");
    JsonNode offsets = node.path("data_offsets");
    if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw invalid(path, "tensor '" + name + "' needs a shape array and two data_offsets");
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToLong() || d.asLong() < 0) {
        throw invalid(path, "tensor '" + name + "' has a bad dimension " + d);
      }
      shape[i] = d.asLong();
    }
    if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
      throw invalid(path, "tensor '" + name + "' has non-integer data_offsets " + offsets);
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (begin < 0 || end < begin || end > dataLength) {
      throw invalid(path, "tensor '" + name + "' data_offsets [" + begin + ", " + end
          + "] fall outside the " + dataLength + " data bytes; the file is truncated or tampered");
    }
    long expected;
    try {
      expected = SafetensorsTensor.byteLength(dtype, shape);
    } catch (ArithmeticException e) {
      throw invalid(path, "tensor '" + name + "' shape overflows");
    }
    if (expected != end - begin) {
      throw invalid(path, "tensor '" + name + "' " + dtype + java.util.Arrays.toString(shape) + " needs "
          + expected + " bytes but its offsets span " + (end - begin));
    }
    return new TensorEntry(name, dtype, shape, begin, end);
  }

  private static byte[] padHeader(byte[] json) {
    // Pad with spaces to 8-byte alignment so mapped tensors stay aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = new byte[padded];
    System.arraycopy(json, 0, out, 0, json.length);
    for (int i = json.length; i < padded; i++) {
      out[i] = ' ';
    }
    return out;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + pos);
      }
      pos += n;
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  static PipelineException invalid(Path path, String detail) {
    return CoreErrors.error(CoreErrors.SAFETENSORS_INVALID, path + ": " + detail);
  }

  record TensorEntry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {}

  record Header(long dataStart, Map<String, TensorEntry> entries, Map<String, String> metadata) {}
}
