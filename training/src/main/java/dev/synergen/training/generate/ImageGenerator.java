package dev.synergen.training.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.KvCache;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.model.UnfoldingHead;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Text-to-image generation: the LLM runs once per folded window (KV cache), and from its output
 * the unfolding head samples that window's m*n codes one by one (its own KV cache). With
 * guidance, each caption's stream {@code BOS caption IMG_START} is batched with an UNCOND stream
 * {@code BOS UNCOND IMG_START}; both receive the same sampled codes.
 */
public final class ImageGenerator {
  private final SynerGenModel model;
  private final VocabularyLayout vocab;
  private final SequenceLayout sequences;
  private final ImageGrid grid;

  public ImageGenerator(SynerGenModel model) {
    this.model = model;
    this.vocab = model.config().vocabulary();
    this.sequences = new SequenceLayout(vocab);
    this.grid = model.config().grid();
  }

  /** Codes of one image in raster order (grid_h * grid_w values in [0, codebook)). */
  public int[] generate(int[] caption, GenerationConfig cfg) {
    return generate(List.of(caption), cfg).get(0);
  }

  /** One image per caption (text ids); caption i samples with its own seeded stream. */
  public List<int[]> generate(List<int[]> captions, GenerationConfig cfg) {
    return generateEach(List.of(captions), List.of(cfg)).get(0);
  }

  /**
   * Several {@link #generate(List, GenerationConfig)} calls as one batch: request r's images are
   * sampled from its own captions and seed as that call alone would sample them, while every window
   * step runs once for all requests. Alone and batched agree up to floating-point rounding: the batch
   * changes the order of sums in the matrix products, so a draw that lands within rounding of a
   * sampling boundary can come out differently. Guidance and sampling apply to the whole batch, so
   * the configs may differ in their seeds only.
   */
  public List<List<int[]>> generateEach(List<List<int[]>> captions, List<GenerationConfig> cfgs) {
    if (captions.isEmpty() || captions.size() != cfgs.size()) {
      throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "each request needs its config; got "
          + captions.size() + " requests and " + cfgs.size() + " configs");
    }
    GenerationConfig shared = cfgs.get(0);
    List<int[]> prompts = new ArrayList<>();
    List<SplittableRandom> random = new ArrayList<>();
    for (int r = 0; r < captions.size(); r++) {
      GenerationConfig cfg = cfgs.get(r);
      if (cfg.guidanceScale() != shared.guidanceScale() || cfg.plausibility() != shared.plausibility()
          || !cfg.sampling().equals(shared.sampling())) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "requests batched together must share guidance"
            + " and sampling; request " + r + " has " + cfg + ", request 0 " + shared);
      }
      if (captions.get(r).isEmpty()) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "request " + r + " asks for no image");
      }
      for (int i = 0; i < captions.get(r).size(); i++) {
        prompts.add(prompt(prompts.size(), captions.get(r).get(i)));
        random.add(stream(cfg.seed(), i));
      }
    }
    int n = prompts.size();
    if (shared.guided()) {
      for (int i = 0; i < n; i++) {
        prompts.add(sequences.unconditionalPrompt());
      }
    }
    List<int[]> codes = sample(prompts, shared, random.toArray(SplittableRandom[]::new));
    List<List<int[]>> out = new ArrayList<>();
    int at = 0;
    for (List<int[]> request : captions) {
      out.add(codes.subList(at, at + request.size()));
      at += request.size();
    }
    return out;
  }

  /**
   * {@code count} images from the unconditional stream alone ({@code BOS UNCOND IMG_START}), what
   * caption dropout taught the model; guidance does not apply.
   */
  public List<int[]> unconditional(int count, GenerationConfig cfg) {
    List<int[]> prompts = new ArrayList<>();
    SplittableRandom[] random = new SplittableRandom[count];
    for (int i = 0; i < count; i++) {
      prompts.add(sequences.unconditionalPrompt());
      random[i] = stream(cfg.seed(), i);
    }
    return sample(prompts, new GenerationConfig(1.0, cfg.sampling(), cfg.seed()), random);
  }

  /** The sampling stream of image {@code i} of a request seeded {@code seed}. */
  private static SplittableRandom stream(long seed, int i) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
  }

  /**
   * Samples one image per random stream (n of them) from the prompts; with guidance, prompts
   * [n, 2n) are the unconditional streams.
   */
  private List<int[]> sample(List<int[]> prompts, GenerationConfig cfg, SplittableRandom[] random) {
    int n = random.length;
    int m = grid.windowSize();
    int windows = grid.windowsPerImage();
    int[][] codes = new int[n][grid.codesPerImage()];
    try (DecodeSession session = new DecodeSession(model);
        NDManager scope = model.newScope()) {
      NDArray h = DecodeSession.last(session.prefill(scope, SequenceBatch.prompts(model.config(), prompts,
          SequenceBatch.Padding.LEFT)));
      for (int w = 0; w < windows; w++) {
        try (NDManager step = scope.newSubManager()) {
          long[] window = unfold(step, h, n, cfg, random);
          for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
              codes[i][grid.rasterIndex(w, k)] = (int) window[i * m + k];
            }
          }
          if (w + 1 < windows) {
            NDArray next = session.stepWindow(step, window, w);
            next.attach(scope);
            h = next;
          }
        }
      }
    }
    return List.of(codes);
  }

  /** Samples one window per caption from LLM outputs h (S, d); returns codes for all S streams. */
  private long[] unfold(NDManager step, NDArray h, int n, GenerationConfig cfg, SplittableRandom[] random) {
    UnfoldingHead head = model.unfolding();
    int m = grid.windowSize();
    int k = grid.codebookSize();
    int streams = (int) h.getShape().get(0);
    long[] window = new long[streams * m];
    try (KvCache cache = new KvCache(step, head.layerCount())) {
      NDArray x = head.conditionInput(h);
      for (int slot = 0; slot < m; slot++) {
        float[] logits = head.step(x, slot, cache).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
            .toFloatArray();
        if (cfg.guided()) {
          guide(logits, n, k, cfg.guidanceScale(), cfg.plausibility());
        }
        long[] sampled = new long[streams];
        for (int i = 0; i < n; i++) {
          int code = TokenSampler.sample(logits, i * k, k, null, cfg.sampling(), random[i]);
          window[i * m + slot] = code;
          sampled[i] = code;
          if (streams > n) {
            window[(n + i) * m + slot] = code;
            sampled[n + i] = code;
          }
        }
        if (slot + 1 < m) {
          x = head.codeInput(step.create(sampled), slot + 1);
        }
      }
    }
    return window;
  }

  /**
   * Rows [0, n) become uncond + s (cond - uncond), with uncond rows [n, 2n). With a plausibility
   * p > 0, only codes with p_cond(code) >= p x its most likely code's are ranked (contrastive
   * decoding's rule, Li et al., 2023, applied to guidance). Off by default, as in the paper. Why it
   * exists: outside the conditional's support both streams' logits are untrained tail values, and at
   * s = 7.5 their difference alone can outrank the conditional's choice; a tiny model that memorised
   * its pairs generated wrong codes that way (OverfitTest). Why it is off: weakly trained models rely
   * on guidance lifting codes the conditional gives little probability; on the 300-step demo model
   * p = 0.001 cut GenEval from 12/192 to 4/192 images correct (1,500 steps: 14 vs 13).
   */
  static void guide(float[] logits, int n, int k, double scale, double plausibility) {
    double floor = plausibility > 0 ? Math.log(plausibility) : Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float best = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        best = Math.max(best, logits[i * k + j]);
      }
      for (int j = 0; j < k; j++) {
        float cond = logits[i * k + j];
        float uncond = logits[(n + i) * k + j];
        logits[i * k + j] = cond - best < floor ? Float.NEGATIVE_INFINITY : (float) (uncond + scale * (cond - uncond));
      }
    }
  }

  private int[] prompt(int index, int[] caption) {
    for (int i = 0; i < caption.length; i++) {
      if (!vocab.isText(caption[i])) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "caption " + index + " position " + i
            + ": id " + caption[i] + " is not a text id in [0, " + vocab.textVocab() + ")");
      }
    }
    return sequences.generationPrompt(caption);
  }
}
