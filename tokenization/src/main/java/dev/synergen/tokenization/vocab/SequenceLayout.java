package dev.synergen.tokenization.vocab;

import dev.synergen.tokenization.TokenizationErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one owner of the sequence format of DESIGN section 5: training samples and the prompts that
 * inference, scoring and evaluation feed the model, so a prompt is always a prefix of the training
 * sample it continues. Every id is range-checked against the vocabulary layout (a violation means
 * tokenizers and layout disagree: an error, never a clamp).
 * <ul>
 *   <li>understanding (i2t): {@code BOS IMG_START <image> IMG_END caption EOS}, loss on the
 *       caption and EOS; its caption prompt is {@code BOS IMG_START <image> IMG_END};
 *   <li>generation (t2i): {@code BOS caption IMG_START <image> IMG_END EOS}, loss on the image
 *       codes; its generation prompt is {@code BOS caption IMG_START}. With caption dropout the
 *       caption is the single {@code UNCOND} token, which teaches the unconditional branch of
 *       classifier-free guidance ({@link #unconditionalPrompt});
 *   <li>scoring: {@code BOS [IMG_START <image> IMG_END] question} then each candidate answer
 *       followed by EOS, scored like an i2t caption.
 * </ul>
 */
public final class SequenceLayout {
  private final VocabularyLayout layout;

  public SequenceLayout(VocabularyLayout layout) {
    this.layout = layout;
  }

  public VocabularyLayout layout() {
    return layout;
  }

  /** An understanding sample: the image, then the caption with loss on it and on EOS. */
  public PackedSample imageToText(int[] imageCodes, int[] textIds) {
    int[] prompt = captionPrompt(imageCodes);
    int[] answer = answer(textIds);
    return sample(PackedSample.I2T, prompt, answer, prompt.length, prompt.length + answer.length);
  }

  /** A generation sample: the caption (or UNCOND), then the image with loss on its codes. */
  public PackedSample textToImage(int[] textIds, int[] imageCodes, boolean unconditional) {
    int[] prompt = unconditional ? unconditionalPrompt() : generationPrompt(textIds);
    int[] tail = new int[imageCodes.length + 2];
    for (int i = 0; i < imageCodes.length; i++) {
      tail[i] = imageToken(imageCodes[i]);
    }
    tail[imageCodes.length] = layout.imgEnd();
    tail[imageCodes.length + 1] = layout.eos();
    return sample(PackedSample.T2I, prompt, tail, prompt.length, prompt.length + imageCodes.length);
  }

  /** What a model captions from: {@code BOS IMG_START <image> IMG_END}. */
  public int[] captionPrompt(int[] imageCodes) {
    int[] p = new int[imageCodes.length + 3];
    p[0] = layout.bos();
    p[1] = layout.imgStart();
    for (int i = 0; i < imageCodes.length; i++) {
      p[2 + i] = imageToken(imageCodes[i]);
    }
    p[p.length - 1] = layout.imgEnd();
    return p;
  }

  /** What a model draws an image from: {@code BOS caption IMG_START}. */
  public int[] generationPrompt(int[] textIds) {
    int[] p = new int[textIds.length + 2];
    p[0] = layout.bos();
    for (int i = 0; i < textIds.length; i++) {
      p[1 + i] = textToken(textIds[i]);
    }
    p[p.length - 1] = layout.imgStart();
    return p;
  }

  /** The unconditional stream of classifier-free guidance: {@code BOS UNCOND IMG_START}. */
  public int[] unconditionalPrompt() {
    return new int[] {layout.bos(), layout.uncond(), layout.imgStart()};
  }

  /**
   * The prefix a candidate answer is scored after: {@code BOS [IMG_START <image> IMG_END] question};
   * {@code imageCodes} may be null (a text-only question), {@code questionIds} empty.
   */
  public int[] scoringPrefix(int[] imageCodes, int[] questionIds) {
    int[] image = imageCodes == null ? new int[] {layout.bos()} : captionPrompt(imageCodes);
    int[] p = Arrays.copyOf(image, image.length + questionIds.length);
    for (int i = 0; i < questionIds.length; i++) {
      p[image.length + i] = textToken(questionIds[i]);
    }
    return p;
  }

  /**
   * A text document as language-model samples of at most {@code contextLength} tokens: {@code BOS}
   * and a window of the text, {@code EOS} after the last window, loss on every token after BOS (as
   * text perplexity scores it). A long document is split, never truncated; windows do not overlap.
   */
  public List<PackedSample> textWindows(int[] textIds, int contextLength) {
    if (contextLength < 3) {
      throw new IllegalArgumentException("a text window needs room for BOS, one token and EOS, context is "
          + contextLength);
    }
    int room = contextLength - 1;
    List<PackedSample> out = new ArrayList<>();
    for (int from = 0; ; ) {
      int left = textIds.length - from;
      boolean last = left < room; // the last window holds the EOS too
      int n = last ? left : room;
      int[] tail = new int[n + (last ? 1 : 0)];
      for (int i = 0; i < n; i++) {
        tail[i] = textToken(textIds[from + i]);
      }
      if (last) {
        tail[n] = layout.eos();
      }
      out.add(sample(PackedSample.TEXT, new int[] {layout.bos()}, tail, 1, 1 + tail.length));
      from += n;
      if (last) {
        break;
      }
    }
    return out;
  }

  /** An answer (a caption, a candidate) as the model must produce it: the text ids, then EOS. */
  public int[] answer(int[] textIds) {
    int[] a = new int[textIds.length + 1];
    for (int i = 0; i < textIds.length; i++) {
      a[i] = textToken(textIds[i]);
    }
    a[textIds.length] = layout.eos();
    return a;
  }

  private static PackedSample sample(String task, int[] prompt, int[] tail, int lossFrom, int lossTo) {
    int[] tokens = Arrays.copyOf(prompt, prompt.length + tail.length);
    System.arraycopy(tail, 0, tokens, prompt.length, tail.length);
    boolean[] loss = new boolean[tokens.length];
    Arrays.fill(loss, lossFrom, lossTo, true);
    return new PackedSample(task, tokens, loss);
  }

  private int imageToken(int code) {
    if (code < 0 || code >= layout.codebookSize()) {
      throw TokenizationErrors.error(TokenizationErrors.TOKEN_OUT_OF_RANGE, "image code " + code
          + " is outside the codebook [0, " + layout.codebookSize() + ") of " + layout
          + "; the image tokenizer does not match the layout");
    }
    return layout.imageToken(code);
  }

  private int textToken(int id) {
    if (!layout.isText(id)) {
      throw TokenizationErrors.error(TokenizationErrors.TOKEN_OUT_OF_RANGE, "text id " + id + " is outside [0, "
          + layout.textVocab() + ") of " + layout + "; the text tokenizer does not match the layout");
    }
    return id;
  }
}
