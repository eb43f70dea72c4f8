package dev.synergen.training.model;

/**
 * Parameter groups a training stage can freeze (DESIGN section 1): S1 trains {@link #IMAGE}; S2
 * trains {@link #IMAGE} and {@link #ATTENTION}; SFT trains all three.
 */
public enum ParameterGroup {
  /** Text embeddings, text FFN experts, the shared norms and the LM head: the pretrained LLM minus attention. */
  TEXT,
  /** Self-attention projections of the LLM layers (shared by both modalities). */
  ATTENTION,
  /** Code and position embeddings, folding MLP, image FFN experts and the whole unfolding head. */
  IMAGE
}
