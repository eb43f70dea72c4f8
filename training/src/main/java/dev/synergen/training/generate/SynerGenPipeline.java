package dev.synergen.training.generate;

import ai.djl.Device;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vq.CodeGrids;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.VqTokenizer;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.CheckpointMetadata;
import dev.synergen.training.weights.TokenizerDir;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text and pixels in, text and pixels out: a trained checkpoint with the tokenizers it records
 * (versions verified), for {@code synergen generate}, {@code synergen caption} and the benchmarks.
 * Prompts are encoded with the checkpoint's text tokenizer, generated codes decoded by its VQ
 * tokenizer, and input images prepared as the corpus images were ({@link ImageFiles}).
 */
public final class SynerGenPipeline implements AutoCloseable {
  private final Path checkpoint;
  private final CheckpointMetadata metadata;
  private final TokenizerDir tokenizers;
  private final TextCodec text;
  private final SynerGenInference inference;

  private SynerGenPipeline(Path checkpoint, CheckpointMetadata metadata, TokenizerDir tokenizers,
      SynerGenInference inference) {
    this.checkpoint = checkpoint;
    this.metadata = metadata;
    this.tokenizers = tokenizers;
    this.text = tokenizers.textTokenizer();
    this.inference = inference;
  }

  /**
   * Opens a checkpoint directory (or a training output directory: its newest checkpoint) on
   * {@code device}, with the tokenizers it records, or {@code tokenizerOverride} when given (for a
   * checkpoint copied away from them); the tokenizers' versions must be the recorded ones.
   */
  public static SynerGenPipeline open(Path checkpoint, Path tokenizerOverride, Device device) throws IOException {
    if (!Files.isDirectory(checkpoint)) {
      throw TrainingErrors.error(TrainingErrors.CHECKPOINT_NOT_FOUND, "checkpoint directory " + checkpoint
          + " does not exist; pass a step-NNNNNNN directory written by synergen train, or its output directory");
    }
    Checkpoint opened = Checkpoint.open(checkpoint);
    Path dir = opened.dir();
    CheckpointMetadata meta = opened.metadata();
    Path tokenizerDir = tokenizerOverride != null ? tokenizerOverride
        : meta != null && meta.tokenizerDir() != null ? Path.of(meta.tokenizerDir()) : null;
    if (tokenizerDir == null) {
      throw TrainingErrors.error(TrainingErrors.TOKENIZER_UNKNOWN, "checkpoint " + dir + " records no tokenizer"
          + " (it was not written by synergen train); pass the tokenizer directory with --tokenizer DIR");
    }
    TokenizerDir tokenizers = TokenizerDir.open(tokenizerDir);
    try {
      if (meta != null) {
        tokenizers.requireVersions(meta.textTokenizer(), meta.imageTokenizer(), "checkpoint " + dir);
      }
      tokenizers.requireFits(opened.config(), "checkpoint " + dir);
      return new SynerGenPipeline(dir, meta, tokenizers, SynerGenInference.load(opened, device));
    } catch (IOException | RuntimeException e) {
      tokenizers.close();
      throw e;
    }
  }

  /** The checkpoint directory that was loaded. */
  public Path checkpoint() {
    return checkpoint;
  }

  /** What the training run recorded, or null for a checkpoint saved outside {@code synergen train}. */
  public CheckpointMetadata metadata() {
    return metadata;
  }

  public ModelConfig config() {
    return inference.config();
  }

  public TokenizerDir tokenizers() {
    return tokenizers;
  }

  public SynerGenInference inference() {
    return inference;
  }

  /** Text ids of a prompt; pieces outside the text vocabulary become UNK (see {@link #covers}). */
  public int[] encode(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "the prompt is empty; describe the image to generate");
    }
    return text.encode(prompt);
  }

  /** Whether every piece of the text is in the vocabulary the model was trained with. */
  public boolean covers(String prompt) {
    return text.covers(prompt);
  }

  /**
   * {@code count} images of one prompt; image i samples with its own stream of {@code cfg.seed()},
   * so the same seed gives the same images, and all of them are generated as one batch.
   */
  public List<BufferedImage> generateImage(String prompt, int count, GenerationConfig cfg) {
    return generateImages(List.of(prompt), count, List.of(cfg)).get(0);
  }

  /**
   * {@code count} images of each prompt, prompt i with {@code cfgs.get(i)}, all generated as one
   * batch: each prompt's images are those {@link #generateImage} gives it alone, up to
   * floating-point rounding (see {@link ImageGenerator#generateEach}). The configs may
   * differ in their seeds only.
   */
  public List<List<BufferedImage>> generateImages(List<String> prompts, int count, List<GenerationConfig> cfgs) {
    if (count < 1) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "count must be >= 1, got " + count);
    }
    List<List<int[]>> captions = new ArrayList<>();
    for (String prompt : prompts) {
      captions.add(Collections.nCopies(count, encode(prompt)));
    }
    List<List<int[]>> codes = inference.generateEach(captions, cfgs);
    int perImage = config().grid().codesPerImage();
    int[] all = new int[prompts.size() * count * perImage];
    int at = 0;
    for (List<int[]> request : codes) {
      for (int[] image : request) {
        System.arraycopy(image, 0, all, at, perImage);
        at += perImage;
      }
    }
    VqTokenizer vq = tokenizers.imageTokenizer();
    List<BufferedImage> images = vq.decode(new CodeGrids(prompts.size() * count, vq.config().gridSize(), all))
        .toBufferedImages();
    List<List<BufferedImage>> out = new ArrayList<>();
    for (int p = 0; p < prompts.size(); p++) {
      out.add(images.subList(p * count, (p + 1) * count));
    }
    return out;
  }

  /** The codes (raster order) of an image of any size, fitted to the tokenizer's resolution. */
  public int[] imageCodes(BufferedImage image) {
    return imageCodes(List.of(image)).get(0);
  }

  /** {@link #imageCodes(BufferedImage)} of several images, encoded as one batch. */
  public List<int[]> imageCodes(List<BufferedImage> images) {
    VqTokenizer vq = tokenizers.imageTokenizer();
    int size = vq.config().imageSize();
    CodeGrids grids = vq.encode(ImageBatch.of(images.stream().map(i -> ImageFitting.fit(i, size)).toList(), size));
    List<int[]> codes = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      codes.add(grids.image(i));
    }
    return codes;
  }

  /** Codes of an image file (any format the corpus accepts). */
  public int[] imageCodes(Path imageFile) {
    return imageCodes(ImageFiles.read(imageFile, tokenizers.imageTokenizer().config().imageSize()));
  }

  /** The caption of an image, greedy or sampled per {@code cfg}. */
  public String caption(BufferedImage image, CaptionConfig cfg) {
    return text.decode(inference.caption(imageCodes(image), cfg));
  }

  /**
   * The captions of several images as one batch; greedy captions are those {@link #caption} gives
   * each image alone (up to floating-point rounding, which can flip a near tie), and sampled ones
   * draw image {@code i}'s tokens from stream {@code i} of the seed.
   */
  public List<String> captions(List<BufferedImage> images, CaptionConfig cfg) {
    if (images.isEmpty()) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "captions needs at least one image");
    }
    return inference.caption(imageCodes(images), cfg).stream().map(text::decode).toList();
  }

  public String caption(Path imageFile, CaptionConfig cfg) {
    return text.decode(inference.caption(imageCodes(imageFile), cfg));
  }

  /**
   * Log-likelihood of each candidate answer (followed by EOS) after {@code BOS [image] prompt}:
   * the scoring of multiple-choice and yes/no benchmarks. {@code imageCodes} may be null.
   */
  public List<CandidateScore> score(int[] imageCodes, String prompt, List<String> candidates) {
    return score(Collections.singletonList(imageCodes), Collections.singletonList(prompt), List.of(candidates)).get(0);
  }

  /**
   * {@link #score} of many prompts in one batch: prompt {@code i} is about image {@code
   * imageCodes.get(i)} (null for none), its candidates are {@code candidates.get(i)}, and element
   * {@code i} holds their scores.
   */
  public List<List<CandidateScore>> score(List<int[]> imageCodes, List<String> prompts, List<List<String>> candidates) {
    if (imageCodes.size() != prompts.size() || candidates.size() != prompts.size()) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "each prompt needs its image and its candidates;"
          + " got " + imageCodes.size() + " images, " + prompts.size() + " prompts and " + candidates.size()
          + " candidate lists");
    }
    SequenceLayout layout = new SequenceLayout(inference.vocabulary());
    List<int[]> prefixes = new ArrayList<>();
    List<List<int[]>> answers = new ArrayList<>();
    Map<String, int[]> encoded = new HashMap<>();
    for (int i = 0; i < prompts.size(); i++) {
      String prompt = prompts.get(i);
      int[] question = prompt == null || prompt.isEmpty() ? new int[0] : text.encode(prompt);
      prefixes.add(layout.scoringPrefix(imageCodes.get(i), question));
      answers.add(candidates.get(i).stream()
          .map(c -> encoded.computeIfAbsent(c, k -> layout.answer(text.encode(k)))).toList());
    }
    return inference.scoreEach(prefixes, answers);
  }

  @Override
  public void close() {
    try {
      inference.close();
    } finally {
      tokenizers.close();
    }
  }
}
