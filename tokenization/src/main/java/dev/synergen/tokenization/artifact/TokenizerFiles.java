package dev.synergen.tokenization.artifact;

/**
 * The layout of a tokenizer directory as {@code synergen tokenizer-train} writes it and tokenize,
 * pack, training and inference read it: the compact text remap and the VQ tokenizer's directory.
 */
public final class TokenizerFiles {
  /** The compact BPE vocabulary remap (JSON). */
  public static final String TEXT_REMAP = "text_remap.json";
  /** The VQ image tokenizer (safetensors weights, config, manifest). */
  public static final String VQ_DIR = "vq";

  private TokenizerFiles() {}

  /** The remap file of a tokenizer directory given as a path or URI string. */
  public static String textRemap(String tokenizerDir) {
    return join(tokenizerDir, TEXT_REMAP);
  }

  /** The VQ directory of a tokenizer directory given as a path or URI string. */
  public static String vqDir(String tokenizerDir) {
    return join(tokenizerDir, VQ_DIR);
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
