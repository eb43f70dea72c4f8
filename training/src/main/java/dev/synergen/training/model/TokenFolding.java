package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Token folding (SynerGen-VL section 3.1): each VQ code gets its own embedding (a table separate
 * from the text vocabulary) plus a learnable 2D position embedding; the m*n embeddings of a
 * window are concatenated and an MLP maps them to one LLM input vector.
 *
 * <p>Keys: {@code folding.code_embed, folding.pos_embed, folding.fc1, folding.fc2}; group IMAGE.
 */
public final class TokenFolding extends NamedBlock {
  private final EmbeddingTable codeEmbed;
  private final EmbeddingTable posEmbed;
  private final Dense fc1;
  private final Dense fc2;
  private final int window;
  private final int dim;

  public TokenFolding(ModelConfig c) {
    ImageGrid g = c.grid();
    this.window = g.windowSize();
    this.dim = c.hidden();
    this.codeEmbed = child("code_embed", new EmbeddingTable(g.codebookSize(), dim, ParameterGroup.IMAGE));
    this.posEmbed = child("pos_embed", new EmbeddingTable(g.codesPerImage(), dim, ParameterGroup.IMAGE));
    this.fc1 = child("fc1", new Dense(dim, window * dim, ParameterGroup.IMAGE));
    this.fc2 = child("fc2", new Dense(dim, dim, ParameterGroup.IMAGE));
  }

  /**
   * Folds windows: {@code codes} (N, m*n) int64 codes, {@code positions} (N, m*n) int64 raster
   * indices of those codes -> (N, d).
   */
  public NDArray fold(NDArray codes, NDArray positions) {
    long n = codes.getShape().get(0);
    NDArray e = codeEmbed.lookup(codes).add(posEmbed.lookup(positions));
    // (N, m*n, d) -> (N, m*n*d): concatenation of the window's embeddings
    NDArray concatenated = e.reshape(n, (long) window * dim);
    return fc2.apply(Activation.gelu(fc1.apply(concatenated)));
  }
}
