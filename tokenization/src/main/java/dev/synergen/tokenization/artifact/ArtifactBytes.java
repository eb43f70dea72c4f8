package dev.synergen.tokenization.artifact;

import dev.synergen.core.io.ArtifactManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A saved artifact directory as one byte array, so the driver can broadcast a model to executors
 * that share no file system with it. The manifest travels along and is verified after unpacking.
 */
public final class ArtifactBytes {
  private static final int MAGIC = 0x53594e41; // "SYNA"

  private ArtifactBytes() {}

  /** Packs the manifest and the files it lists, after verifying them. */
  public static byte[] pack(Path dir) throws IOException {
    List<String> names = new ArrayList<>(ArtifactManifest.verify(dir).keySet());
    names.add(ArtifactManifest.FILE_NAME);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(names.size());
      for (String name : names) {
        byte[] data = Files.readAllBytes(dir.resolve(name));
        out.writeUTF(name);
        out.writeInt(data.length);
        out.write(data);
      }
    }
    return bytes.toByteArray();
  }

  /** Unpacks into a fresh temporary directory and verifies the manifest there. */
  public static Path unpack(byte[] packed) throws IOException {
    Path dir = Files.createTempDirectory("synergen-artifact");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a packed artifact");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
          throw new IOException("packed artifact holds a bad file name '" + name + "'");
        }
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        Files.write(dir.resolve(name), data);
      }
    }
    ArtifactManifest.verify(dir);
    return dir;
  }

  public static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a leftover temporary copy of a model is harmless
    }
  }
}
