package dev.synergen.tokenization.vocab;

/** Special tokens of the unified vocabulary, in id order right after the text ids. */
public enum SpecialToken {
  PAD, BOS, EOS, IMG_START, IMG_END, UNCOND;

  /** The token's offset inside the special-token block. */
  public int offset() {
    return ordinal();
  }
}
