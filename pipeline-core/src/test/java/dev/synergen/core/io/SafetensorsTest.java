package dev.synergen.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  private Path writeSample() throws IOException {
    Path file = dir.resolve("w.safetensors");
    Safetensors.write(file, List.of(
        SafetensorsTensor.ofFloats("b.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
        SafetensorsTensor.ofInts("a.ids", new long[] {4}, new int[] {7, 8, 9, -1})),
        Map.of("config", "{\"d\":64}"));
    return file;
  }

  @Test
  void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
    Map<String, SafetensorsTensor> read = Safetensors.readAll(writeSample());
    assertEquals(List.of("a.ids", "b.weight"), List.copyOf(read.keySet()));
    assertArrayEquals(new long[] {2, 3}, read.get("b.weight").shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.get("b.weight").toFloats());
    assertArrayEquals(new int[] {7, 8, 9, -1}, read.get("a.ids").toInts());
    try (SafetensorsFile f = Safetensors.open(dir.resolve("w.safetensors"))) {
      assertEquals(Map.of("config", "{\"d\":64}"), f.metadata());
    }
  }

  @Test
  void headerFollowsTheReferenceLayout() throws IOException {
    byte[] bytes = Files.readAllBytes(writeSample());
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "header padded to 8 bytes");
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim();
    assertTrue(header.contains("\"a.ids\":{\"dtype\":\"I32\",\"shape\":[4],\"data_offsets\":[0,16]}"), header);
    assertEquals(8 + headerLength + 16 + 24, bytes.length);
  }

  @Test
  void truncatedFileIsRefused() throws IOException {
    Path file = writeSample();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    PipelineException e = assertThrows(PipelineException.class, () -> Safetensors.readAll(file));
    assertEquals(CoreErrors.SAFETENSORS_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void overlappingOffsetsAreRefused() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    writeRaw(file, header, 12);
    PipelineException e = assertThrows(PipelineException.class, () -> Safetensors.readAll(file));
    assertTrue(e.getMessage().contains("must be contiguous and must not overlap"), e.getMessage());
  }

  @Test
  void shapeThatDisagreesWithOffsetsIsRefused() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    writeRaw(file, "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
    PipelineException e = assertThrows(PipelineException.class, () -> Safetensors.readAll(file));
    assertTrue(e.getMessage().contains("F32[3] needs 12 bytes but its offsets span 8"), e.getMessage());
  }

  @Test
  void absurdHeaderLengthIsRefusedBeforeAllocation() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE / 2);
    Files.write(file, buf.array());
    PipelineException e = assertThrows(PipelineException.class, () -> Safetensors.readAll(file));
    assertTrue(e.getMessage().contains("header length"), e.getMessage());
  }

  @Test
  void unknownDtypeAndNonJsonHeaderAreRefused() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    writeRaw(file, "{\"x\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
    assertTrue(assertThrows(PipelineException.class, () -> Safetensors.readAll(file))
        .getMessage().contains("unknown dtype 'Q4'"));
    writeRaw(file, "{not json", 0);
    assertTrue(assertThrows(PipelineException.class, () -> Safetensors.readAll(file))
        .getMessage().contains("not valid JSON"));
  }

  @Test
  void aHeaderThatIsNotUtf8IsRefusedNotRepaired() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    byte[] header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":{\"k\":\"?\"}}"
        .getBytes(StandardCharsets.UTF_8);
    header[header.length - 4] = (byte) 0xC3; // a lead byte followed by '"': malformed, where a lenient reader writes U+FFFD
    writeRaw(file, header, 4);
    PipelineException e = assertThrows(PipelineException.class, () -> Safetensors.readAll(file));
    assertEquals(CoreErrors.SAFETENSORS_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().endsWith("header is not valid UTF-8: byte 0xc3 at offset " + (header.length - 4) + " of "
        + header.length), e.getMessage());
  }

  @Test
  void bytesAfterTheJsonObjectAreRefusedButSpacePaddingIsNot() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    String entry = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    writeRaw(file, entry + "    ", 4);
    assertEquals(List.of("x"), List.copyOf(Safetensors.readAll(file).keySet()));
    for (String trailing : List.of("{}", "garbage", "\u0000\u0000")) {
      writeRaw(file, entry + trailing, 4);
      PipelineException e = assertThrows(PipelineException.class, () -> Safetensors.readAll(file), trailing);
      assertTrue(e.getMessage().contains("header holds bytes after its JSON object (at char " + entry.length()),
          e.getMessage());
    }
  }

  @Test
  void aTensorNamedTwiceIsRefusedInsteadOfKeepingTheLast() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
    PipelineException e = assertThrows(PipelineException.class, () -> Safetensors.readAll(file));
    assertEquals(CoreErrors.SAFETENSORS_INVALID.code(), e.errorClass());
    assertTrue(e.getMessage().endsWith("header names 'w' twice; a reader would keep only one of them"), e.getMessage());
  }

  private static void writeRaw(Path file, String header, int dataBytes) throws IOException {
    writeRaw(file, header.getBytes(StandardCharsets.UTF_8), dataBytes);
  }

  private static void writeRaw(Path file, byte[] h, int dataBytes) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    Files.write(file, buf.array());
  }
}
