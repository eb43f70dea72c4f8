package dev.synergen.tokenization.train;

import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.text.HfTextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a pretrained LLM's tokenizer into a tokenizer directory ({@value TokenizerFiles#LLM_TEXT_DIR}:
 * its tokenizer.json and config.json), checked by loading it first; a re-run with the same LLM
 * keeps the copy, another LLM or an existing compact remap is refused (ids would change).
 */
final class LlmTokenizerCopy {
  private LlmTokenizerCopy() {}

  static HfTextTokenizer install(Path llmDir, Path root) throws IOException {
    HfTextTokenizer source = HfTextTokenizer.open(llmDir);
    if (Files.exists(root.resolve(TokenizerFiles.TEXT_REMAP))) {
      throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, root + " already holds a compact remap ("
          + TokenizerFiles.TEXT_REMAP + "); an LLM tokenizer would change every text id: use another output directory");
    }
    Path target = root.resolve(TokenizerFiles.LLM_TEXT_DIR);
    if (Files.isDirectory(target)) {
      HfTextTokenizer present = HfTextTokenizer.open(target);
      if (!present.version().equals(source.version())) {
        throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, target + " holds tokenizer "
            + present.version() + " but " + llmDir + " has " + source.version()
            + "; use another output directory for another LLM");
      }
      return present;
    }
    // both files appear at once: a half-copied directory would name another tokenizer version
    Path staging = Files.createTempDirectory(root, ".llm_text-");
    for (String name : new String[] {HfTextTokenizer.TOKENIZER_FILE, HfTextTokenizer.CONFIG_FILE}) {
      Path file = llmDir.resolve(name);
      if (Files.isRegularFile(file)) {
        Files.copy(file, staging.resolve(name));
      }
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    return HfTextTokenizer.open(target);
  }
}
