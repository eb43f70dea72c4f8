package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;

/**
 * One pre-norm decoder layer: {@code h = x + attention(attention_norm(x))},
 * {@code out = h + ffn(ffn_norm(h))}. In the LLM the FFN is a {@link VisionExpertFfn}; in the
 * unfolding head it is a single {@link SwiGluFfn}.
 */
public final class SynerGenDecoderLayer extends NamedBlock {
  private final RmsNorm attentionNorm;
  private final CausalSelfAttention attention;
  private final RmsNorm ffnNorm;
  private final PositionwiseFfn ffn;

  /** An LLM layer: shared norms (TEXT), attention (ATTENTION), text + image experts. */
  public static SynerGenDecoderLayer llm(ModelConfig c) {
    return new SynerGenDecoderLayer(c, ParameterGroup.TEXT, ParameterGroup.ATTENTION,
        new VisionExpertFfn(c.hidden(), c.ffnHidden(), c.layers()), c.layers());
  }

  /** An unfolding-head layer: everything in group IMAGE, one FFN. */
  public static SynerGenDecoderLayer head(ModelConfig c) {
    return new SynerGenDecoderLayer(c, ParameterGroup.IMAGE, ParameterGroup.IMAGE,
        new SwiGluFfn(c.hidden(), c.headFfnHidden(), ParameterGroup.IMAGE, Math.max(1, c.headLayers())),
        Math.max(1, c.headLayers()));
  }

  private <F extends NamedBlock & PositionwiseFfn> SynerGenDecoderLayer(ModelConfig c, ParameterGroup normGroup,
      ParameterGroup attentionGroup, F ffn, int depth) {
    this.attentionNorm = child("attention_norm", new RmsNorm(c.hidden(), c.normEps(), normGroup));
    this.attention = child("attention", new CausalSelfAttention(c.hidden(), c.heads(), c.kvHeads(), attentionGroup,
        depth));
    this.ffnNorm = child("ffn_norm", new RmsNorm(c.hidden(), c.normEps(), normGroup));
    this.ffn = child("ffn", ffn);
  }

  /** (B, T, d) -> (B, T, d). */
  public NDArray apply(NDArray x, AttentionContext ctx, Routing routing, KvCache cache, int layer) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long d = x.getShape().get(2);
    NDArray h = x.add(attention.apply(attentionNorm.apply(x), ctx, cache, layer));
    // (B, T, d) -> (B*T, d): experts work on flattened positions
    NDArray y = ffn.apply(ffnNorm.apply(h).reshape(b * t, d), routing);
    return h.add(y.reshape(b, t, d));
  }
}
