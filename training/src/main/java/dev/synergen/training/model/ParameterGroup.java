package dev.synergen.training.model;

/**
 * Parameter groups a training stage can freeze (DESIGN section 1): S1 trains {@link #IMAGE}; S2
 * trains {@link #IMAGE} and {@link #ATTENTION}; SFT trains all three.
 */
public enum ParameterGroup {
  /** Text-id embeddings, text FFN experts, the shared norms and the LM head's text rows: the pretrained LLM minus attention. */
  TEXT,
  /** Self-attention projections of the LLM layers (shared by both modalities). */
  ATTENTION,
  /**
   * Everything the LLM did not have: code and position embeddings, folding MLP, image FFN experts, the
   * unfolding head, and the embedding and LM-head rows of the special tokens added after its vocabulary.
   */
  IMAGE
}
