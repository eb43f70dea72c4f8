package dev.synergen.tokenization.ml;

import ai.djl.Device;
import dev.synergen.tokenization.artifact.ArtifactBytes;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.text.TextCodecs;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  private static final Map<String, TextCodec> TEXT = new ConcurrentHashMap<>();

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

  /** The text tokenizer of a {@link TextCodecs#payload}, parsed once per JVM. */
  public static TextCodec text(String payload) {
    return TEXT.computeIfAbsent(payload, TextCodecs::fromPayload);
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
