package dev.synergen.tokenization.vq;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.ArtifactManifest;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.io.Safetensors;
import dev.synergen.core.io.SafetensorsTensor;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.tokenization.nn.Gradients;
import dev.synergen.tokenization.nn.Scalars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link VqTokenizer}: reconstruction MSE plus the weighted commitment loss through the
 * straight-through estimator, Adam on encoder and decoder, EMA codebook updates with restarts of
 * unused codes. A checkpoint ({@link #save}) holds the tokenizer files, the Adam moments and the
 * step, and every random choice is drawn from (seed, step), so {@link #resume} continues the run
 * exactly as if it had never stopped, given the same batches.
 *
 * <p>The trainer owns its tokenizer and closes it. Only one trainer may compute gradients at a
 * time in a JVM (DJL's PyTorch gradient collector is a singleton).
 */
public final class VqTrainer implements AutoCloseable {
  public static final String STATE_FILE = "vq_trainer.json";
  public static final String OPTIMIZER_FILE = "vq_optimizer.safetensors";
  public static final String STATE_FORMAT = "synergen-vq-trainer/1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final VqTokenizer tokenizer;
  private final VqTrainingConfig training;
  private final Map<String, Parameter> trainable = new LinkedHashMap<>();
  private final AdamW optimizer;
  private int step;

  /** Starts training {@code tokenizer} (taking ownership of it) at step 0. */
  public VqTrainer(VqTokenizer tokenizer, VqTrainingConfig training) {
    this.tokenizer = tokenizer;
    this.training = training;
    tokenizer.parameters().forEach((name, p) -> {
      // the codebook and its statistics follow the EMA, not gradients
      if (!name.startsWith("quantizer.")) {
        trainable.put(name, p);
        p.getArray().setRequiresGradient(true);
      }
    });
    this.optimizer = new AdamW(trainable, new AdamWConfig(training.beta1(), training.beta2(), training.epsilon(), 0),
        tokenizer.manager());
  }

  /** Reopens a checkpoint written by {@link #save}, after verifying its manifest. */
  public static VqTrainer resume(Path dir) throws IOException {
    return resume(dir, Device.cpu());
  }

  public static VqTrainer resume(Path dir, Device device) throws IOException {
    VqTokenizer tokenizer = VqTokenizer.load(dir, device);
    try {
      JsonNode state = readState(dir);
      VqTrainer trainer = new VqTrainer(tokenizer, VqTrainingConfig.fromJson(state.get("training")));
      trainer.step = state.get("step").asInt();
      trainer.loadOptimizer(Safetensors.readAll(dir.resolve(OPTIMIZER_FILE)), dir.resolve(OPTIMIZER_FILE).toString());
      return trainer;
    } catch (RuntimeException | IOException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static JsonNode readState(Path dir) throws IOException {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve(OPTIMIZER_FILE))) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, dir + " holds a tokenizer but no training state (" + STATE_FILE + ", "
          + OPTIMIZER_FILE + "); it cannot be resumed, start a new trainer from VqTokenizer.load instead");
    }
    JsonNode state = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    if (state == null || !STATE_FORMAT.equals(state.path("format").asText()) || !state.path("step").canConvertToInt()
        || state.path("step").asInt() < 0) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, file + " is not a " + STATE_FORMAT + " state with a non-negative step");
    }
    return state;
  }

  /** Saves a resumable checkpoint: tokenizer files, Adam moments, step; the manifest last. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(ArtifactManifest.FILE_NAME));
    tokenizer.writeFiles(dir);
    List<SafetensorsTensor> moments = new ArrayList<>();
    for (int i = 0; i < optimizer.names().size(); i++) {
      moments.add(BlockParameters.toTensor("m." + optimizer.names().get(i), optimizer.firstMoment(i)));
      moments.add(BlockParameters.toTensor("v." + optimizer.names().get(i), optimizer.secondMoment(i)));
    }
    Safetensors.write(dir.resolve(OPTIMIZER_FILE), moments, Map.of("format", STATE_FORMAT));
    ObjectNode state = JSON.createObjectNode();
    state.put("format", STATE_FORMAT);
    state.put("step", step);
    state.set("training", training.toJson());
    AtomicFiles.writeString(dir.resolve(STATE_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    ArtifactManifest.write(dir, List.of(VqTokenizer.CONFIG_FILE, VqTokenizer.MODEL_FILE, OPTIMIZER_FILE, STATE_FILE));
  }

  /**
   * Sets the codebook to given centroids (K * codeDim floats, row-major), e.g. k-means of
   * {@link VqTokenizer#encodeLatents}; each starts with an EMA count just above the restart
   * threshold, so centroids the data never uses are restarted after a grace period.
   */
  public void initializeCodebook(float[] centroids) {
    VqConfig config = tokenizer.config();
    long expected = (long) config.codebookSize() * config.codeDim();
    if (centroids.length != expected) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CENTROIDS_INVALID, "the codebook needs " + config.codebookSize() + " centroids of dimension "
          + config.codeDim() + " = " + expected + " floats, got " + centroids.length);
    }
    for (int i = 0; i < centroids.length; i++) {
      if (!Float.isFinite(centroids[i])) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CENTROIDS_INVALID, "centroid " + i / config.codeDim() + " holds " + centroids[i] + " at dimension "
            + i % config.codeDim() + "; centroids must be finite");
      }
    }
    try (NDScope scope = new NDScope()) {
      tokenizer.model().quantizer().setCodebook(centroids, training.deadCodeThreshold() + 1f);
    }
  }

  /** Runs steps until {@link #step()} reaches {@code targetStep} or the batches run out; returns the last result. */
  public VqStepResult trainUntil(int targetStep, Iterator<ImageBatch> batches, VqTrainingListener listener)
      throws IOException {
    VqStepResult last = null;
    while (step < targetStep && batches.hasNext()) {
      last = step(batches.next());
      if (listener != null) {
        listener.onStep(this, last);
      }
    }
    return last;
  }

  /** One optimisation step on a batch of images at the configured resolution. */
  public VqStepResult step(ImageBatch images) {
    VqConfig config = tokenizer.config();
    if (images.size() != config.imageSize()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_IMAGE_INVALID, "training images are " + images.size() + "x" + images.size() + " but the tokenizer takes "
          + config.imageSize() + "x" + config.imageSize());
    }
    int next = step + 1;
    float learningRate = training.learningRate(next);
    long start = System.nanoTime();
    try (NDScope scope = new NDScope(); NDManager batch = tokenizer.manager().newSubManager()) {
      NDArray x = VqTokenizer.toInput(batch, images);
      NDList out;
      NDArray reconstruction;
      NDArray commitment;
      NDArray loss;
      try (GradientCollector collector = batch.getEngine().newGradientCollector()) {
        out = tokenizer.model().forward(tokenizer.store(), new NDList(x), true);
        reconstruction = out.get(0).sub(x).square().mean();
        commitment = out.get(2);
        loss = reconstruction.add(Scalars.mul(commitment, training.commitmentWeight()));
        collector.backward(loss);
      }
      float lossValue = loss.getFloat();
      // the model works in [-1, 1]; a quarter of its MSE is the MSE of pixels in [0, 1]
      float mse = reconstruction.getFloat() / 4f;
      float commitmentValue = commitment.getFloat();
      if (!Float.isFinite(lossValue)) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_TRAINING_DIVERGED, "loss is " + lossValue + " at step " + next + " (learning rate " + learningRate
            + "); lower the learning rate or resume from an earlier checkpoint");
      }
      float gradientNorm = (float) (training.gradientClipNorm() > 0
          ? Gradients.clipGlobalNorm(optimizer.parameters(), training.gradientClipNorm())
          : Gradients.globalNorm(optimizer.parameters()));
      optimizer.restoreSteps(next - 1);
      optimizer.step(learningRate);
      Gradients.zero(optimizer.parameters());
      int[] codes = out.get(1).toIntArray();
      float[] errors = out.get(4).toFloatArray();
      int restarts = tokenizer.model().quantizer().update(out.get(3), out.get(1).reshape(-1), errors,
          training.emaDecay(), training.deadCodeThreshold(), randomFor(next));
      step = next;
      long[] histogram = CodebookMetrics.histogram(codes, config.codebookSize());
      return new VqStepResult(next, lossValue, mse, (float) ReconstructionMetrics.psnr(mse), commitmentValue,
          (float) CodebookMetrics.usage(histogram), (float) CodebookMetrics.perplexity(histogram), restarts,
          learningRate, gradientNorm, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Restores the Adam moments saved by {@link #save} ({@code m.<name>}, {@code v.<name>} per trained parameter). */
  private void loadOptimizer(Map<String, SafetensorsTensor> tensors, String what) {
    if (tensors.size() != 2 * optimizer.names().size()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, what + " holds " + tensors.size()
          + " tensors, expected " + 2 * optimizer.names().size() + " (first and second moments of "
          + optimizer.names().size() + " parameters)");
    }
    for (int i = 0; i < optimizer.names().size(); i++) {
      String name = optimizer.names().get(i);
      BlockParameters.copyInto(optimizer.firstMoment(i), moment(tensors, "m." + name, what), what);
      BlockParameters.copyInto(optimizer.secondMoment(i), moment(tensors, "v." + name, what), what);
    }
  }

  private static SafetensorsTensor moment(Map<String, SafetensorsTensor> tensors, String name, String what) {
    SafetensorsTensor t = tensors.get(name);
    if (t == null) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CHECKPOINT_INVALID, what + " has no tensor '" + name
          + "'; it belongs to a different model");
    }
    return t;
  }

  private SplittableRandom randomFor(int forStep) {
    return new SplittableRandom(training.seed() * 0x9E3779B97F4A7C15L + forStep);
  }

  /** Steps completed so far. */
  public int step() {
    return step;
  }

  public VqTrainingConfig training() {
    return training;
  }

  public VqTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
