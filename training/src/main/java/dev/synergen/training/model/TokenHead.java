package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;

/**
 * The LM head over text ids and special tokens from two weights: the LLM's rows ({@code lm_head},
 * text group) and the added special tokens' rows ({@code special_head}, image group), whose
 * logits follow in id order, so EOS can be learned while the LLM's head stays frozen.
 */
public final class TokenHead {
  private final LinearWeight text;
  private final LinearWeight special;

  public TokenHead(LinearWeight text, LinearWeight special) {
    this.text = text;
    this.special = special;
  }

  /** Normed hidden rows (..., dim) -> logits (..., textVocab + specialCount). */
  public NDArray apply(NDArray hidden) {
    return text.apply(hidden).concat(special.apply(hidden), -1);
  }
}
