package dev.synergen.tokenization.vq;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.ArtifactManifest;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.nn.SeededInitializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The VQ image tokenizer: images to code grids ({@link #encode}) and back ({@link #decode}).
 *
 * <p>An artifact directory holds {@value #CONFIG_FILE} (format and {@link VqConfig}),
 * {@value #MODEL_FILE} (every parameter under its dotted name, including the codebook and its
 * EMA statistics) and a {@code manifest.json} written last; {@link #load} refuses a directory
 * whose files do not match their digests. Each call works in its own scope, so no native memory
 * outlives it; encode and decode only read the weights and may run on several threads at once
 * (the tasks of one executor share a loaded tokenizer), while training needs the tokenizer alone.
 */
public final class VqTokenizer implements AutoCloseable {
  public static final String FORMAT = "synergen-vq/1";
  public static final String CONFIG_FILE = "vq_config.json";
  public static final String MODEL_FILE = "vq_model.safetensors";
  /** Images per native forward pass; bounds native memory whatever the caller's batch size. */
  static final int CHUNK = 64;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final VqConfig config;
  private final NDManager manager;
  private final VqModel model;
  private final ParameterStore store;
  private final Map<String, Parameter> parameters;

  private VqTokenizer(VqConfig config, Device device) {
    this.config = config;
    this.manager = NDManager.newBaseManager(device);
    try {
      this.model = new VqModel(config);
      model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, config.imageSize(), config.imageSize()));
      this.store = new ParameterStore(manager, false);
      this.parameters = BlockParameters.named(model);
      parameters.values().forEach(p -> p.getArray().setRequiresGradient(false));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** A fresh, untrained tokenizer with weights drawn from {@code seed}. */
  public static VqTokenizer create(VqConfig config, long seed) {
    return create(config, seed, Device.cpu());
  }

  /**
   * Seeded weights: convolutions U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's default), the codebook
   * U(-1/K, 1/K); biases and the EMA statistics start at zero.
   */
  private static void initialize(Map<String, Parameter> parameters, long seed) {
    parameters.forEach((name, p) -> {
      long[] shape = p.getArray().getShape().getShape();
      long n = p.getArray().size();
      SeededInitializer init = SeededInitializer.zeros();
      if (name.endsWith(".weight") && shape.length == 4) {
        init = SeededInitializer.uniform(1.0 / Math.sqrt((double) shape[1] * shape[2] * shape[3]), seed, name);
      } else if (name.endsWith("quantizer.codebook")) {
        init = SeededInitializer.uniform(1.0 / shape[0], seed, name);
      }
      p.getArray().set(init.floats(n));
    });
  }

  public static VqTokenizer create(VqConfig config, long seed, Device device) {
    VqTokenizer tokenizer = new VqTokenizer(config, device);
    initialize(tokenizer.parameters, seed);
    return tokenizer;
  }

  /** Loads a tokenizer or trainer checkpoint directory after verifying its manifest. */
  public static VqTokenizer load(Path dir) throws IOException {
    return load(dir, Device.cpu());
  }

  public static VqTokenizer load(Path dir, Device device) throws IOException {
    Map<String, String> digests = ArtifactManifest.verify(dir);
    for (String required : List.of(CONFIG_FILE, MODEL_FILE)) {
      if (!digests.containsKey(required)) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, dir + " is not a VQ tokenizer: its manifest does not list " + required);
      }
    }
    VqConfig config = readConfig(dir.resolve(CONFIG_FILE));
    Map<String, SafetensorsTensor> tensors = Safetensors.readAll(dir.resolve(MODEL_FILE));
    VqTokenizer tokenizer = new VqTokenizer(config, device);
    try {
      BlockParameters.load(tokenizer.parameters, tensors, dir.resolve(MODEL_FILE).toString());
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    return tokenizer;
  }

  /** Saves the tokenizer alone (no optimizer state) as a verifiable artifact directory. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    // a crash between the writes below must leave no manifest that vouches for a mix of old and new files
    Files.deleteIfExists(dir.resolve(ArtifactManifest.FILE_NAME));
    writeFiles(dir);
    ArtifactManifest.write(dir, List.of(CONFIG_FILE, MODEL_FILE));
  }

  /** Writes the config and weights without a manifest, for savers that add files of their own. */
  void writeFiles(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.set("config", config.toJson());
    AtomicFiles.writeString(dir.resolve(CONFIG_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    Safetensors.write(dir.resolve(MODEL_FILE), BlockParameters.toTensors(parameters), Map.of("format", FORMAT));
  }

  /** The config of a saved tokenizer, read without loading (or verifying) its weights. */
  public static VqConfig configOf(Path dir) throws IOException {
    return readConfig(dir.resolve(CONFIG_FILE));
  }

  static VqConfig readConfig(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, file + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, file + " has format '" + (root == null ? null : root.path("format").asText())
          + "', expected '" + FORMAT + "'");
    }
    return VqConfig.fromJson(root.get("config"));
  }

  /** Code grids (N, g, g) of images at the configured resolution. */
  public CodeGrids encode(ImageBatch images) {
    checkResolution(images);
    int perImage = config.codesPerImage();
    int[] codes = new int[images.count() * perImage];
    for (int from = 0; from < images.count(); from += CHUNK) {
      int to = Math.min(images.count(), from + CHUNK);
      try (NDScope scope = new NDScope(); NDManager batch = manager.newSubManager()) {
        NDList quantized = model.quantize(store, toInput(batch, images.slice(from, to)), false);
        System.arraycopy(quantized.get(1).toIntArray(), 0, codes, from * perImage, (to - from) * perImage);
      }
    }
    return new CodeGrids(images.count(), config.gridSize(), codes);
  }

  /** Images decoded from code grids; every code must be inside the codebook. */
  public ImageBatch decode(CodeGrids grids) {
    if (grids.grid() != config.gridSize()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CODES_INVALID, "code grids are " + grids.grid() + "x" + grids.grid() + " but this tokenizer decodes "
          + config.gridSize() + "x" + config.gridSize());
    }
    grids.checkRange(config.codebookSize());
    int g = config.gridSize();
    int perImage = 3 * config.imageSize() * config.imageSize();
    float[] pixels = new float[grids.count() * perImage];
    for (int from = 0; from < grids.count(); from += CHUNK) {
      int to = Math.min(grids.count(), from + CHUNK);
      try (NDScope scope = new NDScope(); NDManager batch = manager.newSubManager()) {
        int[] part = java.util.Arrays.copyOfRange(grids.codes(), from * g * g, to * g * g);
        NDArray codes = batch.create(part, new Shape(to - from, g, g));
        float[] images = toPixels(model.decode(store, codes));
        System.arraycopy(images, 0, pixels, from * perImage, images.length);
      }
    }
    return new ImageBatch(grids.count(), config.imageSize(), pixels);
  }

  /** Encodes and decodes in one pass, as the tokenizer report needs. */
  public Reconstruction reconstruct(ImageBatch images) {
    checkResolution(images);
    int perImage = config.codesPerImage();
    int perPixels = 3 * config.imageSize() * config.imageSize();
    int[] codes = new int[images.count() * perImage];
    float[] pixels = new float[images.count() * perPixels];
    for (int from = 0; from < images.count(); from += CHUNK) {
      int to = Math.min(images.count(), from + CHUNK);
      try (NDScope scope = new NDScope(); NDManager batch = manager.newSubManager()) {
        NDList out = model.forward(store, new NDList(toInput(batch, images.slice(from, to))), false);
        System.arraycopy(out.get(1).toIntArray(), 0, codes, from * perImage, (to - from) * perImage);
        System.arraycopy(toPixels(out.get(0)), 0, pixels, from * perPixels, (to - from) * perPixels);
      }
    }
    return new Reconstruction(new CodeGrids(images.count(), config.gridSize(), codes),
        new ImageBatch(images.count(), config.imageSize(), pixels));
  }

  /**
   * The encoder's latents before quantization, (N * g * g, codeDim) row-major: the points that
   * k-means clusters to initialise the codebook.
   */
  public float[] encodeLatents(ImageBatch images) {
    checkResolution(images);
    int per = config.codesPerImage() * config.codeDim();
    float[] latents = new float[images.count() * per];
    for (int from = 0; from < images.count(); from += CHUNK) {
      int to = Math.min(images.count(), from + CHUNK);
      try (NDScope scope = new NDScope(); NDManager batch = manager.newSubManager()) {
        NDList quantized = model.quantize(store, toInput(batch, images.slice(from, to)), false);
        System.arraycopy(quantized.get(3).toFloatArray(), 0, latents, from * per, (to - from) * per);
      }
    }
    return latents;
  }

  /** The codebook (K, codeDim) row-major. */
  public float[] codebook() {
    return parameters.get("quantizer.codebook").getArray().toFloatArray();
  }

  /**
   * A content id of this tokenizer, {@code vq-} and 16 hex digits of the SHA-256 of its config
   * and weights: rows of {@code tokenized_pairs} name the tokenizer that made them by it.
   */
  public String version() {
    MessageDigest digest = Sha256.newDigest();
    digest.update(config.toJson().toString().getBytes(StandardCharsets.UTF_8));
    for (SafetensorsTensor t : BlockParameters.toTensors(parameters)) {
      digest.update(t.name().getBytes(StandardCharsets.UTF_8));
      digest.update(t.data());
    }
    return "vq-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  public VqConfig config() {
    return config;
  }

  VqModel model() {
    return model;
  }

  NDManager manager() {
    return manager;
  }

  ParameterStore store() {
    return store;
  }

  Map<String, Parameter> parameters() {
    return parameters;
  }

  /** (N, 3, S, S) in [0, 1] to the model's [-1, 1] input. */
  static NDArray toInput(NDManager batch, ImageBatch images) {
    NDArray x = batch.create(images.pixels(), new Shape(images.count(), 3, images.size(), images.size()));
    return x.mul(2f).subi(1f);
  }

  /** The model's [-1, 1] output to pixels in [0, 1]; values past the range are clipped, as a display would. */
  static float[] toPixels(NDArray output) {
    return output.add(1f).muli(0.5f).clip(0f, 1f).toFloatArray();
  }

  private void checkResolution(ImageBatch images) {
    if (images.size() != config.imageSize()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "images are " + images.size() + "x" + images.size() + " but this tokenizer takes "
          + config.imageSize() + "x" + config.imageSize() + "; resize them first");
    }
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Codes and decoded images of one batch. */
  public record Reconstruction(CodeGrids codes, ImageBatch images) {}
}
