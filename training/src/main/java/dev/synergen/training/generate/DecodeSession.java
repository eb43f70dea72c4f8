package dev.synergen.training.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.synergen.training.model.AttentionContext;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.KvCache;
import dev.synergen.training.model.Routing;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import java.util.Arrays;

/**
 * Incremental decoding of B streams with a KV cache: a left-padded prompt prefill, then one
 * position per step (a text token or a folded image window) for every stream. Padded prompt
 * positions stay masked as keys, so left padding changes no logit (rotary attention is relative).
 */
public final class DecodeSession implements AutoCloseable {
  private final SynerGenModel model;
  private final KvCache cache;
  private boolean[][] keyValid;

  public DecodeSession(SynerGenModel model) {
    this.model = model;
    this.cache = new KvCache(model.manager(), model.layerCount());
  }

  /** Positions cached so far (including left padding). */
  public int length() {
    return cache.length();
  }

  /** Runs the prompts (built with {@link SequenceBatch.Padding#LEFT}); returns normed hidden (B, T, d). */
  public NDArray prefill(NDManager scope, SequenceBatch prompts) {
    if (cache.length() != 0) {
      throw new IllegalStateException("prefill must be the first step of a session");
    }
    keyValid = new boolean[prompts.batchSize()][];
    for (int b = 0; b < prompts.batchSize(); b++) {
      keyValid[b] = new boolean[prompts.length()];
      int pad = prompts.length() - prompts.foldedLength(b);
      Arrays.fill(keyValid[b], pad, prompts.length(), true);
    }
    return model.hidden(scope, prompts, cache);
  }

  /** Appends one text or special token per stream; returns normed hidden (B, d). */
  public NDArray stepText(NDManager scope, long[] ids) {
    NDArray x = model.embedText(scope.create(ids).reshape(ids.length, 1));
    return step(scope, x, Routing.allText()).squeeze(1);
  }

  /**
   * Appends {@code length} text or special tokens per stream ({@code ids} row-major, B x length);
   * returns normed hidden (B, length, d). A position sees only those before it, so rows may be
   * right-padded with any id.
   */
  public NDArray stepTexts(NDManager scope, long[] ids, int length) {
    if (length < 1 || keyValid == null || ids.length != (long) keyValid.length * length) {
      throw new IllegalArgumentException("stepTexts needs " + (keyValid == null ? "a prefill first" : keyValid.length
          + " streams x " + length + " ids, got " + ids.length));
    }
    NDArray x = model.embedText(scope.create(ids).reshape(keyValid.length, length));
    return step(scope, x, Routing.allText());
  }

  /**
   * Continues every stream as {@code times} streams that share its cached past (stream {@code b}
   * becomes streams {@code b * times} to {@code b * times + times - 1}): candidates after one prefill.
   */
  public void branch(int times) {
    if (keyValid == null) {
      throw new IllegalStateException("branch needs a prefill first");
    }
    cache.branch(times);
    boolean[][] branched = new boolean[keyValid.length * times][];
    for (int b = 0; b < branched.length; b++) {
      branched[b] = keyValid[b / times].clone();
    }
    keyValid = branched;
  }

  /**
   * Appends one folded window per stream: {@code codes} (B * m*n, row-major per stream) of window
   * {@code window} of the image; returns normed hidden (B, d).
   */
  public NDArray stepWindow(NDManager scope, long[] codes, int window) {
    ImageGrid grid = model.config().grid();
    int m = grid.windowSize();
    int streams = codes.length / m;
    long[] positions = new long[codes.length];
    for (int s = 0; s < streams; s++) {
      for (int k = 0; k < m; k++) {
        positions[s * m + k] = grid.rasterIndex(window, k);
      }
    }
    NDArray folded = model.folding().fold(scope.create(codes, new Shape(streams, m)),
        scope.create(positions, new Shape(streams, m)));
    // (B, d) -> (B, 1, d)
    return step(scope, folded.expandDims(1), Routing.allImage()).squeeze(1);
  }

  /** x (B, T, d) continues every stream by T positions; returns normed hidden (B, T, d). */
  private NDArray step(NDManager scope, NDArray x, Routing routing) {
    int past = cache.length();
    int length = (int) x.getShape().get(1);
    for (int b = 0; b < keyValid.length; b++) {
      keyValid[b] = Arrays.copyOf(keyValid[b], past + length);
      Arrays.fill(keyValid[b], past, past + length, true);
    }
    AttentionContext ctx = AttentionContext.causal(scope, model.dataType(), model.config().headDim(),
        model.config().ropeTheta(), past, length, keyValid);
    return model.backbone(x, ctx, routing, cache);
  }

  /** The last position of a (B, T, d) hidden state: (B, d). */
  public static NDArray last(NDArray hidden) {
    return hidden.get(new NDIndex(":, -1, :"));
  }

  @Override
  public void close() {
    cache.close();
  }
}
