package dev.synergen.tokenization.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.TokenizationErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dense map from the ids of a BPE encoding to a compact vocabulary for small models: compact
 * id {@value #UNK_ID} is UNK, compact ids {@code 1..size-1} are the kept BPE ids, most frequent
 * first. It is built once from corpus counts ({@link #fromCounts}), saved as JSON beside the
 * model, and identified by a version derived from its content.
 */
public final class VocabularyRemap {
  public static final String FORMAT = "synergen-text-remap/1";
  public static final int UNK_ID = 0;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String encoding;
  private final int[] bpeIds;
  private final int[] compactOf;
  private final String version;

  private VocabularyRemap(String encoding, int[] bpeIds) {
    int encodingSize = BpeEncodings.size(encoding);
    this.encoding = encoding;
    this.bpeIds = bpeIds.clone();
    this.compactOf = new int[encodingSize];
    Arrays.fill(compactOf, UNK_ID);
    for (int i = 0; i < bpeIds.length; i++) {
      int id = bpeIds[i];
      if (id < 0 || id >= encodingSize) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, "BPE id " + id + " at compact id " + (i + 1) + " is outside " + encoding + "'s [0, "
            + encodingSize + ")");
      }
      if (compactOf[id] != UNK_ID) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, "BPE id " + id + " appears twice, at compact ids " + compactOf[id] + " and " + (i + 1));
      }
      compactOf[id] = i + 1;
    }
    this.version = "bpe-" + encoding + "-" + Sha256.hex(canonical(encoding, bpeIds).getBytes(StandardCharsets.UTF_8))
        .substring(0, 16);
  }

  /** A corpus count of one BPE id, as a Spark aggregation yields it. */
  public record BpeCount(int bpeId, long count) {}

  /**
   * Keeps the {@code maxSize - 1} most frequent BPE ids (ties broken by the smaller BPE id) behind
   * UNK. Counts of the same id are summed, so partial aggregates may be passed as they are.
   */
  public static VocabularyRemap fromCounts(String encoding, Iterable<BpeCount> counts, int maxSize) {
    int encodingSize = BpeEncodings.size(encoding);
    if (maxSize < 2) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, "maxSize must be >= 2 (UNK and at least one token), got " + maxSize);
    }
    Map<Integer, Long> totals = new HashMap<>();
    for (BpeCount c : counts) {
      if (c.bpeId() < 0 || c.bpeId() >= encodingSize) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, "BPE id " + c.bpeId() + " is outside " + encoding + "'s [0, " + encodingSize
            + "); the counts were made with another encoding");
      }
      if (c.count() <= 0) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, "BPE id " + c.bpeId() + " has count " + c.count() + "; counts must be positive");
      }
      totals.merge(c.bpeId(), c.count(), Math::addExact);
    }
    int[] kept = totals.entrySet().stream()
        .sorted(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(maxSize - 1L)
        .mapToInt(Map.Entry::getKey)
        .toArray();
    return new VocabularyRemap(encoding, kept);
  }

  /** A remap of exactly these BPE ids, compact id {@code i + 1} for {@code bpeIds[i]}. */
  public static VocabularyRemap of(String encoding, int[] bpeIds) {
    return new VocabularyRemap(encoding, bpeIds);
  }

  public String encoding() {
    return encoding;
  }

  /** Compact vocabulary size including UNK: the {@code textVocab} of the unified layout. */
  public int size() {
    return bpeIds.length + 1;
  }

  /** {@code bpe-<encoding>-<16 hex digits of the content hash>}; names the tokenizer in tokenized rows. */
  public String version() {
    return version;
  }

  /** Compact id of a BPE id; UNK when the id was not kept. */
  public int compact(int bpeId) {
    if (bpeId < 0 || bpeId >= compactOf.length) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_ID_OUT_OF_RANGE, "BPE id " + bpeId + " is outside " + encoding + "'s [0, " + compactOf.length + ")");
    }
    return compactOf[bpeId];
  }

  /** BPE id of a compact id other than UNK. */
  public int bpe(int compactId) {
    if (compactId <= UNK_ID || compactId >= size()) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_ID_OUT_OF_RANGE, "compact id " + compactId + " has no BPE id: UNK is " + UNK_ID + " and kept tokens are [1, "
          + size() + ")");
    }
    return bpeIds[compactId - 1];
  }

  /** The kept BPE ids in compact order (compact id {@code i + 1} at index {@code i}). */
  public int[] bpeIds() {
    return bpeIds.clone();
  }

  public void save(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("encoding", encoding);
    root.put("unk_id", UNK_ID);
    root.put("size", size());
    root.put("version", version);
    ArrayNode ids = root.putArray("bpe_ids");
    for (int id : bpeIds) {
      ids.add(id);
    }
    AtomicFiles.writeString(file, JSON.writeValueAsString(root));
  }

  /** Loads and checks a saved remap: format, encoding, ids, and that the version matches the content. */
  public static VocabularyRemap load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** {@link #load} of a remap's JSON text; {@code origin} names it in errors. */
  public static VocabularyRemap parse(String json, String origin) {
    String file = origin;
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, file + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, file + " is not a " + FORMAT + " file (format '"
          + (root == null ? null : root.path("format").asText()) + "')");
    }
    if (root.path("unk_id").asInt(-1) != UNK_ID || !root.path("bpe_ids").isArray()) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, file + " needs unk_id " + UNK_ID + " and a bpe_ids array");
    }
    List<Integer> ids = new ArrayList<>();
    for (JsonNode id : root.get("bpe_ids")) {
      if (!id.canConvertToInt() || !id.isIntegralNumber()) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, file + " has a non-integer BPE id " + id);
      }
      ids.add(id.asInt());
    }
    VocabularyRemap remap = new VocabularyRemap(root.path("encoding").asText(),
        ids.stream().mapToInt(Integer::intValue).toArray());
    if (root.path("size").asInt(-1) != remap.size() || !remap.version.equals(root.path("version").asText())) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_REMAP_INVALID, file + " says size " + root.path("size") + ", version " + root.path("version")
          + " but its content gives size " + remap.size() + ", version " + remap.version
          + "; the file was edited after it was saved");
    }
    return remap;
  }

  private static String canonical(String encoding, int[] bpeIds) {
    return FORMAT + "\n" + encoding + "\n" + Arrays.toString(bpeIds);
  }
}
