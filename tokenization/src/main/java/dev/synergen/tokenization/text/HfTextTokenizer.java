package dev.synergen.tokenization.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.TokenizationErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * A pretrained LLM's own tokenizer ({@code tokenizer.json} of the Hugging Face tokenizers
 * library, run by DJL's binding): text ids are the LLM's ids, so its embedding rows import as
 * they are. The text block of the unified vocabulary is the LLM's {@code vocab_size} from its
 * {@code config.json} (often padded past the tokenizer's last id), else the tokenizer's id count.
 */
public final class HfTextTokenizer implements TextCodec {
  /** The tokenizer file inside an LLM directory. */
  public static final String TOKENIZER_FILE = "tokenizer.json";
  /** The LLM's model config, whose {@code vocab_size} sizes the text block. */
  public static final String CONFIG_FILE = "config.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAYLOAD_FORMAT = "synergen-hf-text-tokenizer-1";

  private final HuggingFaceTokenizer tokenizer;
  private final String tokenizerJson;
  private final int tokenizerIds;
  private final int unkId;
  private final int vocabularySize;
  private final String version;

  private HfTextTokenizer(String tokenizerJson, Integer configVocab, String origin) {
    this.tokenizerJson = tokenizerJson;
    this.tokenizerIds = idCount(tokenizerJson, origin);
    this.unkId = unkId(tokenizerJson);
    this.vocabularySize = configVocab == null ? tokenizerIds : configVocab;
    if (vocabularySize < tokenizerIds) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin + ": config.json says vocab_size "
          + vocabularySize + " but the tokenizer has ids up to " + (tokenizerIds - 1)
          + "; the tokenizer and config belong to different models");
    }
    this.version = "hf-" + Sha256.hex((tokenizerJson + "\n" + vocabularySize).getBytes(StandardCharsets.UTF_8))
        .substring(0, 16);
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)),
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (IOException | RuntimeException e) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin
          + " is not a tokenizer the Hugging Face tokenizers library can load: " + e.getMessage());
    }
  }

  /**
   * The tokenizer of an LLM directory: {@value #TOKENIZER_FILE} and, when present, {@value
   * #CONFIG_FILE} for the vocabulary size.
   */
  public static HfTextTokenizer open(Path dir) throws IOException {
    Path file = dir.resolve(TOKENIZER_FILE);
    if (!Files.isRegularFile(file)) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, dir + " has no " + TOKENIZER_FILE
          + "; pass the directory of a Hugging Face model (tokenizer.json, config.json, *.safetensors)");
    }
    Path config = dir.resolve(CONFIG_FILE);
    Integer vocab = Files.isRegularFile(config) ? configVocabSize(Files.readString(config, StandardCharsets.UTF_8),
        config.toString()) : null;
    return new HfTextTokenizer(readUtf8(file), vocab, file.toString());
  }

  /** A tokenizer from {@link #payload}: what the driver ships to executors. */
  public static HfTextTokenizer fromPayload(String payload) {
    JsonNode root = readJson(payload, "tokenizer payload");
    if (!PAYLOAD_FORMAT.equals(root.path("format").asText())) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, "tokenizer payload has format '"
          + root.path("format").asText() + "', expected " + PAYLOAD_FORMAT);
    }
    return new HfTextTokenizer(root.path("tokenizer").asText(), root.path("vocab_size").asInt(), "tokenizer payload");
  }

  /** Whether a string is a {@link #payload} (rather than a remap's JSON). */
  public static boolean isPayload(String text) {
    return text.startsWith("{\"format\":\"" + PAYLOAD_FORMAT + "\"");
  }

  /** Everything an executor needs to rebuild this tokenizer, as one string. */
  public String payload() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", PAYLOAD_FORMAT);
    root.put("vocab_size", vocabularySize);
    root.put("tokenizer", tokenizerJson);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** The vocabulary size a model {@code config.json} declares. */
  public static int configVocabSize(String configJson, String origin) {
    JsonNode size = readJson(configJson, origin).path("vocab_size");
    if (!size.isIntegralNumber() || size.asLong() < 1 || size.asLong() > Integer.MAX_VALUE / 2) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin
          + " needs an integer vocab_size >= 1, found " + size);
    }
    return size.asInt();
  }

  @Override
  public int[] encode(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null; use \"\" for an empty caption");
    }
    if (text.isEmpty()) {
      return new int[0];
    }
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    long[] wide = new long[ids.length];
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabularySize) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_ID_OUT_OF_RANGE, "text id " + ids[i] + " at position " + i
            + " is outside the vocabulary [0, " + vocabularySize + ") of " + version);
      }
      // padded rows past the tokenizer's last id have no text; they decode to nothing
      if (ids[i] < tokenizerIds) {
        wide[n++] = ids[i];
      }
    }
    return tokenizer.decode(java.util.Arrays.copyOf(wide, n), false);
  }

  @Override
  public boolean covers(String text) {
    if (unkId < 0) {
      return true;
    }
    for (int id : encode(text)) {
      if (id == unkId) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public String version() {
    return version;
  }

  /** Number of ids the tokenizer itself defines: its largest id (vocabulary or added token) plus one. */
  public int tokenizerIds() {
    return tokenizerIds;
  }

  /** The id of the model's unknown token, or -1 when it has none (byte-level BPE covers every text). */
  private static int unkId(String tokenizerJson) {
    JsonNode model = readJson(tokenizerJson, "tokenizer").path("model");
    JsonNode unk = model.path("unk_token");
    if (unk.isTextual() && model.path("vocab").isObject()) {
      return model.path("vocab").path(unk.asText()).asInt(-1);
    }
    JsonNode index = model.path("unk_id");
    return index.isIntegralNumber() ? index.asInt() : -1;
  }

  private static int idCount(String tokenizerJson, String origin) {
    JsonNode root = readJson(tokenizerJson, origin);
    JsonNode vocab = root.path("model").path("vocab");
    long max = -1;
    if (vocab.isObject()) {
      for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
        JsonNode id = it.next();
        if (!id.isIntegralNumber() || id.asLong() < 0) {
          throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin
              + " has a vocabulary entry with id " + id + "; ids are non-negative integers");
        }
        max = Math.max(max, id.asLong());
      }
    } else if (vocab.isArray()) {
      // Unigram models list [piece, score] pairs; the id is the index
      max = vocab.size() - 1L;
    } else {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin
          + " has no model.vocab; it is not a Hugging Face tokenizer.json");
    }
    for (JsonNode added : root.path("added_tokens")) {
      max = Math.max(max, added.path("id").asLong(-1));
    }
    if (max < 0 || max >= Integer.MAX_VALUE / 2) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin + " defines no usable ids (largest "
          + max + ")");
    }
    return (int) max + 1;
  }

  private static JsonNode readJson(String text, String origin) {
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || !root.isObject()) {
        throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin + " is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, origin + " is not valid JSON: "
          + e.getOriginalMessage());
    }
  }

  private static String readUtf8(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw TokenizationErrors.error(TokenizationErrors.TEXT_TOKENIZER_INVALID, file + " is not UTF-8 text");
    }
  }
}
