package dev.synergen.tokenization.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The layout of a tokenizer directory as {@code synergen tokenizer-train} writes it and tokenize,
 * pack, training and inference read it: the text tokenizer (compact remap or an LLM's
 * tokenizer) and the VQ tokenizer's directory.
 */
public final class TokenizerFiles {
  /** The compact BPE vocabulary remap (JSON). */
  public static final String TEXT_REMAP = "text_remap.json";
  /** A pretrained LLM's tokenizer (its tokenizer.json and config.json), used instead of the remap. */
  public static final String LLM_TEXT_DIR = "llm_text";
  /** The VQ image tokenizer (safetensors weights, config, manifest). */
  public static final String VQ_DIR = "vq";

  private TokenizerFiles() {}

  /** The remap file of a tokenizer directory given as a path or URI string. */
  public static String textRemap(String tokenizerDir) {
    return join(tokenizerDir, TEXT_REMAP);
  }

  /**
   * The text tokenizer of a tokenizer directory: its {@value #LLM_TEXT_DIR} directory when it has
   * one (a model started from a pretrained LLM), else its compact remap.
   */
  public static String textTokenizer(String tokenizerDir) {
    String llm = join(tokenizerDir, LLM_TEXT_DIR);
    return isDirectory(llm) ? llm : textRemap(tokenizerDir);
  }

  /** The VQ directory of a tokenizer directory given as a path or URI string. */
  public static String vqDir(String tokenizerDir) {
    return join(tokenizerDir, VQ_DIR);
  }

  private static boolean isDirectory(String location) {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      return Files.isDirectory(Path.of(location));
    }
    if (uri.getScheme() == null) {
      return Files.isDirectory(Path.of(location));
    }
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
      FileSystem fs = path.getFileSystem(new Configuration());
      return fs.exists(path) && fs.getFileStatus(path).isDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + location, e);
    }
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
