package dev.synergen.tokenization.text;

/**
 * Text to the text ids of a model's vocabulary and back: the compact BPE remap of models trained
 * from scratch ({@link BpeTextTokenizer}) or a pretrained LLM's own tokenizer ({@link
 * HfTextTokenizer}). Ids are {@code [0, vocabularySize)}; the unified layout appends the special
 * tokens and image codes after them. Implementations are immutable and thread-safe.
 */
public interface TextCodec {

  /** Text ids of a text, without any special token (the sequence layout adds BOS/EOS itself). */
  int[] encode(String text);

  /** Text of ids in {@code [0, vocabularySize)}. */
  String decode(int[] ids);

  /** Whether the text round-trips: no piece of it falls back to an unknown-token id. */
  boolean covers(String text);

  /** Size of the text block of the unified vocabulary: the model's text embedding rows. */
  int vocabularySize();

  /** Names the tokenizer in {@code tokenized_pairs}, {@code sequences} and checkpoints. */
  String version();
}
