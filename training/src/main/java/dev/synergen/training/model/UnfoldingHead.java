package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The shallow autoregressive head that unfolds one LLM output into the m*n codes of the next
 * window (SynerGen-VL section 3.1). {@code h} is the LLM's final-normed output at the position just
 * before the window (the position whose next token the window is). Its sequence is {@code [h, e(c_0), ..., e(c_{mn-2})]} plus a
 * learned position embedding per slot; output slot k predicts code k. It has the LLM's
 * micro-architecture (RMSNorm, RoPE, GQA attention, SwiGLU) and its own code embedding and
 * classifier. Keys under {@code unfolding.}; group IMAGE.
 */
public final class UnfoldingHead extends NamedBlock {
  private final ModelConfig config;
  private final EmbeddingTable codeEmbed;
  private final EmbeddingTable posEmbed;
  private final List<SynerGenDecoderLayer> layers = new ArrayList<>();
  private final RmsNorm norm;
  private final LinearWeight classifier;
  private final int window;

  public UnfoldingHead(ModelConfig c) {
    this.config = c;
    this.window = c.grid().windowSize();
    this.codeEmbed = child("code_embed", new EmbeddingTable(c.grid().codebookSize(), c.hidden(), ParameterGroup.IMAGE));
    this.posEmbed = child("pos_embed", new EmbeddingTable(window, c.hidden(), ParameterGroup.IMAGE));
    for (int i = 0; i < c.headLayers(); i++) {
      layers.add(child("layers." + i, SynerGenDecoderLayer.head(c)));
    }
    this.norm = child("norm", new RmsNorm(c.hidden(), c.normEps(), ParameterGroup.IMAGE));
    this.classifier = child("classifier", new LinearWeight(c.grid().codebookSize(), c.hidden(), ParameterGroup.IMAGE,
        Init.normal(Init.BASE_STD)));
  }

  public int layerCount() {
    return layers.size();
  }

  /**
   * Teacher-forced logits: {@code cond} (N, d) LLM outputs, {@code codes} (N, m*n) int64 target
   * codes -> (N, m*n, K).
   */
  public NDArray teacherForced(NDArray cond, NDArray codes) {
    NDManager scope = cond.getManager();
    NDArray x = cond.expandDims(1);
    if (window > 1) {
      NDArray previous = codes.get(new NDIndex(":, :" + (window - 1)));
      x = x.concat(codeEmbed.lookup(previous), 1);
    }
    // (N, m*n, d) + (m*n, d)
    x = x.add(posEmbed.weight().getArray());
    AttentionContext ctx = AttentionContext.causal(scope, x.getDataType(), config.headDim(), config.ropeTheta(), 0,
        window, null);
    for (SynerGenDecoderLayer layer : layers) {
      x = layer.apply(x, ctx, Routing.allImage(), null, 0);
    }
    return classifier.apply(norm.apply(x));
  }

  /** Input of slot 0 for decoding: (N, d) LLM outputs -> (N, 1, d). */
  public NDArray conditionInput(NDArray cond) {
    return cond.add(slotEmbedding(cond.getManager(), 0)).expandDims(1);
  }

  /** Input of slot k >= 1 for decoding: (N) int64 codes sampled at slot k-1 -> (N, 1, d). */
  public NDArray codeInput(NDArray previousCodes, int slot) {
    NDArray e = codeEmbed.lookup(previousCodes);
    return e.add(slotEmbedding(previousCodes.getManager(), slot)).expandDims(1);
  }

  /** One decoding step at {@code slot}: (N, 1, d) -> logits (N, K); the cache holds earlier slots. */
  public NDArray step(NDArray x, int slot, KvCache cache) {
    AttentionContext ctx = AttentionContext.causal(x.getManager(), x.getDataType(), config.headDim(),
        config.ropeTheta(), slot, 1, null);
    for (int i = 0; i < layers.size(); i++) {
      x = layers.get(i).apply(x, ctx, Routing.allImage(), cache, i);
    }
    cache.advance(1);
    NDArray logits = classifier.apply(norm.apply(x));
    // (N, 1, K) -> (N, K)
    return logits.squeeze(1);
  }

  private NDArray slotEmbedding(NDManager scope, int slot) {
    NDArray row = posEmbed.weight().getArray().get(slot);
    row.attach(scope);
    return row;
  }
}
