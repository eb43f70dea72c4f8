package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * Embeddings of text ids and special tokens from two tables: the LLM's own ({@code text_embed},
 * text group) and the rows SynerGen adds after its vocabulary ({@code special_embed}, image
 * group), so IMG_START, IMG_END, UNCOND, BOS, EOS and PAD learn in S1 while the LLM stays frozen.
 */
public final class TokenEmbedding {
  private final int textVocab;
  private final EmbeddingTable text;
  private final EmbeddingTable special;

  public TokenEmbedding(int textVocab, EmbeddingTable text, EmbeddingTable special) {
    this.textVocab = textVocab;
    this.text = text;
    this.special = special;
  }

  /** (...) int64 ids in {@code [0, textVocab + specialCount)} -> (..., dim). */
  public NDArray lookup(NDArray ids) {
    // two lookups and a select instead of one concatenated table: concatenating would copy the
    // whole (textVocab, dim) table every forward, 750 MB at the paper's size
    NDArray isSpecial = ids.gte(textVocab);
    NDArray textIds = ids.mul(isSpecial.logicalNot().toType(DataType.INT64, false));
    NDArray specialIds = ids.sub(textVocab).mul(isSpecial.toType(DataType.INT64, false));
    NDArray fromText = text.lookup(textIds);
    // DJL's where does not broadcast the condition
    return NDArrays.where(isSpecial.expandDims(-1).broadcast(fromText.getShape()), special.lookup(specialIds), fromText);
  }
}
