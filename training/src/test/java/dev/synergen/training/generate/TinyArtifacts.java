package dev.synergen.training.generate;

import ai.djl.ndarray.NDManager;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.fixtures.TinyTokenizers;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vq.VqTokenizer;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.CheckpointMetadata;
import java.nio.file.Path;
import java.util.Map;

/**
 * An untrained tiny checkpoint and the tokenizer directory it records, made in a second without
 * Spark: a seeded VQ tokenizer, a remap of the BPE pieces of a few shapes-world words, and the tiny
 * model saved with the metadata {@code synergen train} writes.
 */
final class TinyArtifacts {
  static final String WORDS = "a red green blue yellow circle square triangle above below left of right small large";

  private TinyArtifacts() {}

  /** Writes {@code <dir>/text_remap.json} and {@code <dir>/vq/}; the VQ weights depend on {@code seed}. */
  static Path tokenizers(Path dir, long seed) throws Exception {
    return TinyTokenizers.directory(dir, seed, WORDS);
  }

  /** A tiny model for {@code tokenizers}; {@code withMetadata} false saves it as a benchmark would. */
  static Path checkpoint(Path dir, Path tokenizers, boolean withMetadata) throws Exception {
    VocabularyRemap remap = VocabularyRemap.load(tokenizers.resolve(TokenizerFiles.TEXT_REMAP));
    String image;
    try (VqTokenizer vq = VqTokenizer.load(tokenizers.resolve(TokenizerFiles.VQ_DIR))) {
      image = vq.version();
    }
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = SynerGenModel.create(ModelConfig.tiny(remap.size())).initialize(manager, 11)) {
      Map<String, String> meta = withMetadata ? new CheckpointMetadata("train-20261125T000000Z-abcdef", "full", "tiny",
          5, 1, tokenizers.toAbsolutePath().toString(), remap.version(), image, Map.of("sequences", 3L), "{}").toMap()
          : Map.of();
      Checkpoint.save(model, dir, meta);
    }
    return dir;
  }
}
