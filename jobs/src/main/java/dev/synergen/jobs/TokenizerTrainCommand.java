package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.train.TokenizerTrainJob;
import dev.synergen.tokenization.train.TokenizerTrainSettings;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code synergen tokenizer-train}: trains the VQ image tokenizer and builds the compact text vocabulary. */
@Command(name = "tokenizer-train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train the tokenizers on the train split of raw_pairs (read at one pinned Delta version):",
        " - the text tokenizer: BPE (jtokkit, no download) plus a compact vocabulary of the ids the corpus uses, "
            + "found with a Spark aggregation (id 0 = UNK), saved as text_remap.json;",
        " - the VQ image tokenizer (conv encoder/decoder, EMA codebook with dead-code restarts), images streamed from "
            + "Delta, codebook initialised by Spark MLlib k-means on encoder outputs, checkpoints as safetensors.",
        "Re-running the same command resumes from the last checkpoint. At the end it reports reconstruction PSNR/SSIM, "
            + "codebook usage and perplexity on held-out (val/test) images.", ""})
final class TokenizerTrainCommand extends SparkJobCommand<TokenizerTrainJob.Config> {
  @Override
  String job() {
    return TokenizerTrainJob.STAGE;
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(TokenizerTrainSettings.group());
  }

  @Override
  Set<String> sections() {
    return Set.of("tokenizer_train");
  }

  @Override
  TokenizerTrainJob.Config config(Settings s) {
    return configFrom(s);
  }

  static TokenizerTrainJob.Config configFrom(Settings s) {
    var lakehouse = CommonOptions.lakehouse(s);
    return TokenizerTrainSettings.config(s, lakehouse, Artifacts.directory(s, TokenizerTrainSettings.OUTPUT.key(), lakehouse, "tokenizer"));
  }

  @Override
  JobSummary run(JobContext ctx, TokenizerTrainJob.Config config, RunId runId) {
    return TokenizerTrainJob.run(ctx.spark(), config, System.out);
  }
}
