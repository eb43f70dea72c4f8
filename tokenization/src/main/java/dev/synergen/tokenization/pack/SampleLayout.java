package dev.synergen.tokenization.pack;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;

/**
 * Builds samples in the layout of DESIGN section 5, every id range-checked against the
 * vocabulary layout (a violation means tokenizers and layout disagree: an error, never a clamp).
 * <ul>
 *   <li>understanding (i2t): {@code BOS IMG_START <image> IMG_END caption EOS}, loss on the
 *       caption and EOS;
 *   <li>generation (t2i): {@code BOS caption IMG_START <image> IMG_END EOS}, loss on the image
 *       codes; with caption dropout the caption is the single {@code UNCOND} token, which
 *       teaches the unconditional branch of classifier-free guidance.
 * </ul>
 */
public final class SampleLayout {
  public static final String OUT_OF_RANGE = VocabularyLayout.OUT_OF_RANGE;

  private final VocabularyLayout layout;

  public SampleLayout(VocabularyLayout layout) {
    this.layout = layout;
  }

  public PackedSample imageToText(int[] imageCodes, int[] textIds) {
    int n = 1 + 1 + imageCodes.length + 1 + textIds.length + 1;
    int[] tokens = new int[n];
    boolean[] loss = new boolean[n];
    int p = 0;
    tokens[p++] = layout.bos();
    tokens[p++] = layout.imgStart();
    for (int code : imageCodes) {
      tokens[p++] = imageToken(code);
    }
    tokens[p++] = layout.imgEnd();
    for (int id : textIds) {
      loss[p] = true;
      tokens[p++] = textToken(id);
    }
    loss[p] = true;
    tokens[p] = layout.eos();
    return new PackedSample(PackedSample.I2T, tokens, loss);
  }

  public PackedSample textToImage(int[] textIds, int[] imageCodes, boolean unconditional) {
    int captionLength = unconditional ? 1 : textIds.length;
    int n = 1 + captionLength + 1 + imageCodes.length + 1 + 1;
    int[] tokens = new int[n];
    boolean[] loss = new boolean[n];
    int p = 0;
    tokens[p++] = layout.bos();
    if (unconditional) {
      tokens[p++] = layout.uncond();
    } else {
      for (int id : textIds) {
        tokens[p++] = textToken(id);
      }
    }
    tokens[p++] = layout.imgStart();
    for (int code : imageCodes) {
      loss[p] = true;
      tokens[p++] = imageToken(code);
    }
    tokens[p++] = layout.imgEnd();
    tokens[p] = layout.eos();
    return new PackedSample(PackedSample.T2I, tokens, loss);
  }

  public VocabularyLayout layout() {
    return layout;
  }

  private int imageToken(int code) {
    if (code < 0 || code >= layout.codebookSize()) {
      throw new PipelineException(OUT_OF_RANGE, "image code " + code + " is outside the codebook [0, "
          + layout.codebookSize() + ") of " + layout + "; the image tokenizer does not match the layout");
    }
    return layout.imageToken(code);
  }

  private int textToken(int id) {
    if (!layout.isText(id)) {
      throw new PipelineException(OUT_OF_RANGE, "text id " + id + " is outside [0, " + layout.textVocab() + ") of "
          + layout + "; the text tokenizer does not match the layout");
    }
    return id;
  }
}
