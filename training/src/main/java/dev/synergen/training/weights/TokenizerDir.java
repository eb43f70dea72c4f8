package dev.synergen.training.weights;

import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.text.TextCodecs;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ImageGrid;
import dev.synergen.training.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tokenizer directory as {@code synergen tokenizer-train} writes it ({@value
 * TokenizerFiles#TEXT_REMAP} or an LLM's tokenizer, and {@code vq/}), opened and verified: the text tokenizer, the VQ
 * tokenizer (manifest checked) and their versions, which name the rows of {@code sequences} and
 * are recorded in every model checkpoint.
 */
public final class TokenizerDir implements AutoCloseable {

  private final Path dir;
  private final TextCodec text;
  private final VqTokenizer vq;
  private final String imageVersion;

  private TokenizerDir(Path dir, TextCodec text, VqTokenizer vq) {
    this.dir = dir;
    this.text = text;
    this.vq = vq;
    this.imageVersion = vq.version();
  }

  public static TokenizerDir open(Path dir) {
    Path textFile = Path.of(TokenizerFiles.textTokenizer(dir.toString()));
    Path vqDir = dir.resolve(TokenizerFiles.VQ_DIR);
    if (!Files.exists(textFile) || !Files.isDirectory(vqDir)) {
      throw TrainingErrors.error(TrainingErrors.TOKENIZER_DIR_INVALID, "tokenizer directory " + dir.toAbsolutePath()
          + " must hold " + TokenizerFiles.TEXT_REMAP + " (or an LLM's tokenizer in " + TokenizerFiles.LLM_TEXT_DIR
          + "/) and " + TokenizerFiles.VQ_DIR + "/ (found " + listing(dir)
          + "); pass the output directory of synergen tokenizer-train");
    }
    TextCodec text;
    try {
      text = TextCodecs.open(textFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + textFile, e);
    }
    VqTokenizer vq;
    try {
      vq = VqTokenizer.load(vqDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the VQ tokenizer in " + vqDir, e);
    }
    return new TokenizerDir(dir.toAbsolutePath().normalize(), text, vq);
  }

  public Path path() {
    return dir;
  }

  /** The text tokenizer: the compact remap or the LLM's own. */
  public TextCodec textTokenizer() {
    return text;
  }

  /** Text ids of the unified vocabulary (the text block before the special tokens). */
  public int textVocabulary() {
    return text.vocabularySize();
  }

  /** The VQ tokenizer; it stays open until this directory is closed. */
  public VqTokenizer imageTokenizer() {
    return vq;
  }

  public String textVersion() {
    return text.version();
  }

  public String imageVersion() {
    return imageVersion;
  }

  public VocabularyLayout layout() {
    return new VocabularyLayout(text.vocabularySize(), vq.config().codebookSize());
  }

  /**
   * The model preset for these tokenizers: its text vocabulary and its image grid (resolution,
   * downsampling, codebook) are the tokenizers', as a preset fixes only the transformer and the fold.
   */
  public ModelConfig preset(String name) {
    VqConfig v = vq.config();
    return ModelConfig.preset(name, textVocabulary()).withImageGrid(v.imageSize(), v.downsample(), v.codebookSize());
  }

  /** Refuses a model whose text vocabulary or image grid differs from these tokenizers'. */
  public void requireFits(ModelConfig model, String what) {
    VqConfig v = vq.config();
    ImageGrid g = model.grid();
    if (model.textVocab() != text.vocabularySize() || g.codebookSize() != v.codebookSize() || g.imageHeight() != v.imageSize()
        || g.imageWidth() != v.imageSize() || g.downsample() != v.downsample()) {
      throw TrainingErrors.error(TrainingErrors.TOKENIZER_MISMATCH, what + " (" + model.name() + ") expects " + model.textVocab()
          + " text ids and " + g.imageHeight() + "x" + g.imageWidth() + " px images with downsampling "
          + g.downsample() + " and " + g.codebookSize() + " codes, but the tokenizers in " + dir + " have "
          + text.vocabularySize() + " text ids and " + v.imageSize() + " px images with downsampling " + v.downsample()
          + " and " + v.codebookSize() + " codes; pass the tokenizer directory the model was trained with");
    }
  }

  /** Refuses an LLM whose tokenizer is not the text tokenizer of this directory. */
  public void requireLlmTokenizer(String llmVersion, Path llmDir) {
    if (!textVersion().equals(llmVersion)) {
      throw TrainingErrors.error(TrainingErrors.TOKENIZER_MISMATCH, "the LLM in " + llmDir + " has text tokenizer "
          + llmVersion + " but " + dir + " holds " + textVersion() + "; run synergen tokenizer-train --llm " + llmDir
          + " so that sequences are packed with the LLM's own text ids");
    }
  }

  /** Refuses recorded versions (from a checkpoint) that are not these tokenizers'. */
  public void requireVersions(String text, String image, String recordedBy) {
    if (!textVersion().equals(text) || !imageVersion.equals(image)) {
      throw TrainingErrors.error(TrainingErrors.TOKENIZER_MISMATCH, recordedBy + " was trained with text tokenizer " + text
          + " and image tokenizer " + image + ", but " + dir + " holds " + textVersion() + " and " + imageVersion
          + "; pass the tokenizer directory the model was trained with");
    }
  }

  private static String listing(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "no such directory";
    }
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
    } catch (IOException e) {
      return "an unreadable directory";
    }
  }

  @Override
  public void close() {
    vq.close();
  }
}
