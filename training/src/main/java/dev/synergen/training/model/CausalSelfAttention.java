package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.synergen.tokenization.nn.Scalars;

/**
 * Causal self-attention with grouped-query heads and rotary embeddings; keys {@code wq, wk, wv,
 * wo} as in InternLM2 (Llama: q_proj, k_proj, v_proj, o_proj).
 */
public final class CausalSelfAttention extends NamedBlock {
  private final LinearWeight wq;
  private final LinearWeight wk;
  private final LinearWeight wv;
  private final LinearWeight wo;
  /**
   * Queries per block of the blocked causal attention (0: one block). Read per call, so a benchmark
   * or test can compare both in one JVM; {@code -Dsynergen.attention.query_block=N} sets the start value.
   */
  private static volatile int queryBlock = Integer.getInteger("synergen.attention.query_block", 64);

  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final float scale;

  public CausalSelfAttention(int dim, int heads, int kvHeads, ParameterGroup group, int depth) {
    this.heads = heads;
    this.kvHeads = kvHeads;
    this.headDim = dim / heads;
    this.scale = (float) (1.0 / Math.sqrt(headDim));
    Init in = Init.normal(Init.BASE_STD);
    this.wq = child("wq", new LinearWeight(dim, dim, group, in));
    this.wk = child("wk", new LinearWeight(kvHeads * headDim, dim, group, in));
    this.wv = child("wv", new LinearWeight(kvHeads * headDim, dim, group, in));
    this.wo = child("wo", new LinearWeight(dim, dim, group, Init.residualOut(depth)));
  }

  /** Queries per block of causal attention over long inputs; 0 = the whole score tensor at once. */
  public static int queryBlock() {
    return queryBlock;
  }

  /** Sets {@link #queryBlock()} for this JVM and returns the previous value. */
  public static int setQueryBlock(int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("query block must be >= 0, got " + rows);
    }
    int previous = queryBlock;
    queryBlock = rows;
    return previous;
  }

  /** (B, T, d) -> (B, T, d); with a cache, T new positions attend to the cached ones too. */
  public NDArray apply(NDArray x, AttentionContext ctx, KvCache cache, int layer) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    int group = heads / kvHeads;
    // (B, T, d) -> (B, T, nh, hs) -> (B, nh, T, hs)
    NDArray q = wq.apply(x).reshape(b, t, heads, headDim).transpose(0, 2, 1, 3);
    NDArray k = wk.apply(x).reshape(b, t, kvHeads, headDim).transpose(0, 2, 1, 3);
    NDArray v = wv.apply(x).reshape(b, t, kvHeads, headDim).transpose(0, 2, 1, 3);
    q = ctx.rope().apply(q);
    k = ctx.rope().apply(k);
    if (cache != null) {
      NDArray[] full = cache.append(layer, k, v);
      k = full[0].expandDims(2);
      v = full[1].expandDims(2);
      // views of cache arrays belong to this step, not to the cache
      k.attach(x.getManager());
      v.attach(x.getManager());
    } else {
      k = k.expandDims(2);
      v = v.expandDims(2);
    }
    long s = k.getShape().get(3);
    // (B, nh, T, hs) -> (B, nkv, g, T, hs); k, v: (B, nkv, 1, S, hs) broadcast over the group
    NDArray qg = q.reshape(b, kvHeads, group, t, headDim);
    NDArray kt = k.transpose(0, 1, 2, 4, 3);
    int block = queryBlock;
    NDArray out;
    if (block > 0 && t > block) {
      // Query blocks: a block's queries see keys up to its last query only, so the whole (T, S) score tensor is
      // never built (nor kept for backward) and the keys after a block are never multiplied: about half the
      // attention FLOPs of a long causal sequence, and a score tensor that stays in cache.
      long past = s - t;
      NDList parts = new NDList();
      for (long from = 0; from < t; from += block) {
        long to = Math.min(t, from + block);
        long keys = past + to;
        NDArray rows = qg.get(new NDIndex(":, :, :, {}:{}", from, to));
        NDArray mask = ctx.mask().getShape().dimension() == 2
            ? ctx.mask().get(new NDIndex("{}:{}, :{}", from, to, keys))
            : ctx.mask().get(new NDIndex(":, :, :, {}:{}, :{}", from, to, keys));
        NDArray scores = Scalars.mul(rows.matMul(kt.get(new NDIndex(":, :, :, :, :{}", keys))), scale).add(mask);
        parts.add(scores.softmax(-1).matMul(v.get(new NDIndex(":, :, :, :{}", keys))));
      }
      out = NDArrays.concat(parts, 3);
    } else {
      // a scalar made by libtorch: DJL's mul(Number) operand can be freed before backward (see Scalars)
      NDArray scores = Scalars.mul(qg.matMul(kt), scale).add(ctx.mask());
      out = scores.softmax(-1).matMul(v);
    }
    // (B, nkv, g, T, hs) -> (B, nh, T, hs) -> (B, T, nh, hs) -> (B, T, d)
    out = out.reshape(b, heads, t, headDim).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim);
    assert s == ctx.pastLength() + ctx.length() : "keys " + s + " != past " + ctx.pastLength() + " + new " + ctx.length();
    return wo.apply(out);
  }
}
