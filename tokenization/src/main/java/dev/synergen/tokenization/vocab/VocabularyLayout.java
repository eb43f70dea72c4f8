package dev.synergen.tokenization.vocab;

import dev.synergen.tokenization.TokenizationErrors;

/**
 * The unified id space of DESIGN section 5: text ids {@code [0, textVocab)}, then the special
 * tokens, then image codes {@code [imageOffset, imageOffset + codebookSize)}.
 *
 * <p>Every id written to {@code sequences} and every id read by the model goes through this one
 * layout, so a mismatch between packer and model is a range error, never a silent clamp.
 */
public record VocabularyLayout(int textVocab, int codebookSize) {

  public VocabularyLayout {
    if (textVocab < 1) {
      throw new IllegalArgumentException("textVocab must be >= 1, got " + textVocab);
    }
    if (codebookSize < 2) {
      throw new IllegalArgumentException("codebookSize must be >= 2, got " + codebookSize);
    }
    if ((long) textVocab + SpecialToken.values().length + codebookSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("vocabulary of " + textVocab + " text ids and " + codebookSize
          + " codes does not fit in int ids");
    }
  }

  public int specialCount() {
    return SpecialToken.values().length;
  }

  public int specialId(SpecialToken token) {
    return textVocab + token.offset();
  }

  public int pad() {
    return specialId(SpecialToken.PAD);
  }

  public int bos() {
    return specialId(SpecialToken.BOS);
  }

  public int eos() {
    return specialId(SpecialToken.EOS);
  }

  public int imgStart() {
    return specialId(SpecialToken.IMG_START);
  }

  public int imgEnd() {
    return specialId(SpecialToken.IMG_END);
  }

  public int uncond() {
    return specialId(SpecialToken.UNCOND);
  }

  /** Rows of the text embedding table and LM head: text ids plus special tokens. */
  public int textAndSpecialSize() {
    return textVocab + specialCount();
  }

  /** First id of the image-code block. */
  public int imageOffset() {
    return textAndSpecialSize();
  }

  /** Size of the whole unified id space. */
  public int size() {
    return imageOffset() + codebookSize;
  }

  public boolean isText(int id) {
    return id >= 0 && id < textVocab;
  }

  public boolean isSpecial(int id) {
    return id >= textVocab && id < imageOffset();
  }

  public boolean isImageCode(int id) {
    return id >= imageOffset() && id < size();
  }

  public int imageToken(int code) {
    if (code < 0 || code >= codebookSize) {
      throw TokenizationErrors.error(TokenizationErrors.TOKEN_OUT_OF_RANGE, "image code " + code + " is outside [0, "
          + codebookSize + ")");
    }
    return imageOffset() + code;
  }

  public int codeOf(int imageTokenId) {
    if (!isImageCode(imageTokenId)) {
      throw TokenizationErrors.error(TokenizationErrors.TOKEN_OUT_OF_RANGE, "id " + imageTokenId + " is not an image code id in ["
          + imageOffset() + ", " + size() + ")");
    }
    return imageTokenId - imageOffset();
  }

  public int textToken(int textId) {
    if (!isText(textId)) {
      throw TokenizationErrors.error(TokenizationErrors.TOKEN_OUT_OF_RANGE, "text id " + textId + " is outside [0, " + textVocab
          + ")");
    }
    return textId;
  }

  /** Checks every id of a sequence; the message names the first bad position. */
  public void checkIds(int[] ids) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= size()) {
        throw TokenizationErrors.error(TokenizationErrors.TOKEN_OUT_OF_RANGE, "id " + ids[i] + " at position " + i
            + " is outside the vocabulary [0, " + size() + ") of " + this);
      }
    }
  }
}
