package dev.synergen.tokenization.ml;

import ai.djl.Device;
import dev.synergen.tokenization.artifact.ArtifactBytes;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Models loaded once per JVM (executor) and shared by its tasks, keyed by the content hash of
 * the artifact and the device. Inference on a loaded {@link VqTokenizer} keeps no state between
 * calls, so the tasks of one executor may encode with it concurrently.
 */
public final class ModelCache {
  private static final Map<String, VqTokenizer> IMAGE = new ConcurrentHashMap<>();
  private static final Map<String, BpeTextTokenizer> TEXT = new ConcurrentHashMap<>();

  private ModelCache() {}

  public static VqTokenizer image(String contentHash, Device device, Supplier<byte[]> packed) {
    return IMAGE.computeIfAbsent(contentHash + "@" + device, key -> {
      Path dir = null;
      try {
        dir = ArtifactBytes.unpack(packed.get());
        return VqTokenizer.load(dir, device);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the image tokenizer " + contentHash, e);
      } finally {
        if (dir != null) {
          ArtifactBytes.deleteQuietly(dir);
        }
      }
    });
  }

  public static BpeTextTokenizer text(String remapJson) {
    return TEXT.computeIfAbsent(remapJson, json -> {
      Path file = null;
      try {
        file = Files.createTempFile("synergen-remap", ".json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return new BpeTextTokenizer(VocabularyRemap.load(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the text remap", e);
      } finally {
        if (file != null) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException ignored) {
            // a leftover temporary file is harmless
          }
        }
      }
    });
  }

  /** Closes and forgets every cached model (tests, or a long-lived driver switching models). */
  public static synchronized void clear() {
    IMAGE.values().forEach(VqTokenizer::close);
    IMAGE.clear();
    TEXT.clear();
  }

  static int imageModelsLoaded() {
    return IMAGE.size();
  }
}
