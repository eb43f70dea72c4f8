package dev.synergen.training.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import java.io.IOException;
import java.util.List;

/**
 * Library entry point for {@code synergen generate} / {@code synergen caption} and the evaluation
 * jobs: a verified checkpoint loaded on one device, with text-to-image generation, captioning and
 * answer scoring. Ids are in the model's unified vocabulary; turning text into ids and codes into
 * pixels belongs to the tokenizers.
 */
public final class SynerGenInference implements AutoCloseable {
  private final NDManager manager;
  private final SynerGenModel model;
  private final ImageGenerator generator;
  private final Captioner captioner;
  private final AnswerScorer scorer;

  private SynerGenInference(NDManager manager, SynerGenModel model) {
    this.manager = manager;
    this.model = model;
    this.generator = new ImageGenerator(model);
    this.captioner = new Captioner(model);
    this.scorer = new AnswerScorer(model);
  }

  /** Loads an opened checkpoint onto {@code device} (CPU, or {@code Device.gpu(i)} with CUDA libtorch). */
  public static SynerGenInference load(Checkpoint checkpoint, Device device) throws IOException {
    NDManager manager = NDManager.newBaseManager(device);
    try {
      return new SynerGenInference(manager, checkpoint.load(manager));
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Wraps an already initialised model (the caller keeps ownership of its manager). */
  public static SynerGenInference of(SynerGenModel model) {
    return new SynerGenInference(null, model);
  }

  public ModelConfig config() {
    return model.config();
  }

  public VocabularyLayout vocabulary() {
    return model.config().vocabulary();
  }

  public SynerGenModel model() {
    return model;
  }

  /** Codes (raster order, grid_h * grid_w) of one image per caption. */
  public List<int[]> generate(List<int[]> captions, GenerationConfig cfg) {
    return generator.generate(captions, cfg);
  }

  /** Several {@link #generate(List, GenerationConfig)} calls as one batch, each request with its own seed. */
  public List<List<int[]>> generateEach(List<List<int[]>> captions, List<GenerationConfig> cfgs) {
    return generator.generateEach(captions, cfgs);
  }

  public int[] generate(int[] caption, GenerationConfig cfg) {
    return generator.generate(caption, cfg);
  }

  /** Text ids of one caption per image (codes in raster order). */
  public List<int[]> caption(List<int[]> images, CaptionConfig cfg) {
    return captioner.captions(images, cfg);
  }

  public int[] caption(int[] codes, CaptionConfig cfg) {
    return captioner.caption(codes, cfg);
  }

  /** Text continuations of arbitrary unified-id prefixes (for example an image and a question). */
  public List<int[]> continueText(List<int[]> prefixes, CaptionConfig cfg) {
    return captioner.continueText(prefixes, cfg);
  }

  /** Log-likelihood of each candidate answer after the prefix. */
  public List<CandidateScore> score(int[] prefix, List<int[]> candidates) {
    return scorer.score(prefix, candidates);
  }

  /** Log-likelihood of each prefix's own candidate answers after it, in one batch. */
  public List<List<CandidateScore>> scoreEach(List<int[]> prefixes, List<List<int[]>> candidates) {
    return scorer.scoreEach(prefixes, candidates);
  }

  @Override
  public void close() {
    if (manager != null) {
      model.close();
      manager.close();
    }
  }
}
