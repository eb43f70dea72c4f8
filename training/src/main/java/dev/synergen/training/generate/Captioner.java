package dev.synergen.training.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Image-to-text: captions (prompt {@code BOS IMG_START <codes> IMG_END}) and, more generally,
 * text continuations of any prefix in the unified id space, greedy or sampled, with a KV cache.
 * Only text ids and EOS can be generated; the output excludes EOS.
 */
public final class Captioner {
  private final SynerGenModel model;
  private final VocabularyLayout vocab;
  private final SequenceLayout sequences;
  private final boolean[] allowed;

  public Captioner(SynerGenModel model) {
    this.model = model;
    this.vocab = model.config().vocabulary();
    this.sequences = new SequenceLayout(vocab);
    this.allowed = new boolean[vocab.textAndSpecialSize()];
    Arrays.fill(allowed, 0, vocab.textVocab(), true);
    allowed[vocab.eos()] = true;
  }

  /** Caption of one image given as grid_h * grid_w codes in raster order. */
  public int[] caption(int[] codes, CaptionConfig cfg) {
    return captions(List.of(codes), cfg).get(0);
  }

  public List<int[]> captions(List<int[]> images, CaptionConfig cfg) {
    List<int[]> prefixes = new ArrayList<>();
    int expected = model.config().grid().codesPerImage();
    for (int i = 0; i < images.size(); i++) {
      int[] codes = images.get(i);
      if (codes.length != expected) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "image " + i + " has " + codes.length + " codes, the model's grid "
            + model.config().grid().gridH() + "x" + model.config().grid().gridW() + " needs " + expected);
      }
      prefixes.add(sequences.captionPrompt(codes));
    }
    return continueText(prefixes, cfg);
  }

  /** Generated text ids after each prefix (unified ids, may contain images), EOS excluded. */
  public List<int[]> continueText(List<int[]> prefixes, CaptionConfig cfg) {
    int n = prefixes.size();
    int rows = vocab.textAndSpecialSize();
    SplittableRandom[] random = new SplittableRandom[n];
    for (int i = 0; i < n; i++) {
      random[i] = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + i);
    }
    int[][] out = new int[n][cfg.maxTokens()];
    int[] lengths = new int[n];
    boolean[] done = new boolean[n];
    int remaining = n;
    try (DecodeSession session = new DecodeSession(model);
        NDManager scope = model.newScope()) {
      NDArray h = DecodeSession.last(session.prefill(scope, SequenceBatch.prompts(model.config(), prefixes,
          SequenceBatch.Padding.LEFT)));
      for (int t = 0; t < cfg.maxTokens() && remaining > 0; t++) {
        try (NDManager step = scope.newSubManager()) {
          float[] logits = model.lmLogits(h).toType(DataType.FLOAT32, false).toFloatArray();
          long[] next = new long[n];
          for (int i = 0; i < n; i++) {
            if (done[i]) {
              next[i] = vocab.eos();
              continue;
            }
            int id = TokenSampler.sample(logits, i * rows, rows, allowed, cfg.sampling(), random[i]);
            next[i] = id;
            if (id == vocab.eos()) {
              done[i] = true;
              remaining--;
            } else {
              out[i][lengths[i]++] = id;
            }
          }
          if (remaining > 0 && t + 1 < cfg.maxTokens()) {
            NDArray following = session.stepText(step, next);
            following.attach(scope);
            h = following;
          }
        }
      }
    }
    List<int[]> result = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      result.add(Arrays.copyOf(out[i], lengths[i]));
    }
    return result;
  }
}
