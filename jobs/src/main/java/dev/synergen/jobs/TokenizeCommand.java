package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.tokenize.TokenizeJob;
import dev.synergen.tokenization.tokenize.TokenizeSettings;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code synergen tokenize}: raw_pairs to tokenized_pairs, incrementally, with the trained tokenizers. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Encode raw_pairs into tokenized_pairs (VQ image codes and compact text ids) with the "
        + "ImageTokenizer and TextTokenizer Spark ML transformers: the model is broadcast once, loaded once per "
        + "executor JVM, and each partition is encoded in batches on the task's GPU if Spark assigned one, else CPU.",
        "Incremental and idempotent: only pairs not yet tokenized by this pair of tokenizer versions are encoded; "
            + "images the tokenizer cannot take go to rejects.", ""})
final class TokenizeCommand extends SparkJobCommand<TokenizeJob.Config> {
  @Override
  String job() {
    return TokenizeJob.STAGE;
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(TokenizeSettings.group());
  }

  @Override
  Set<String> sections() {
    return Set.of("tokenize");
  }

  @Override
  TokenizeJob.Config config(Settings s) {
    return configFrom(s);
  }

  static TokenizeJob.Config configFrom(Settings s) {
    var lakehouse = CommonOptions.lakehouse(s);
    return TokenizeSettings.config(s, lakehouse, Artifacts.directory(s, TokenizeSettings.TOKENIZER.key(), lakehouse, "tokenizer"));
  }

  @Override
  JobSummary run(JobContext ctx, TokenizeJob.Config config, RunId runId) {
    return TokenizeJob.run(ctx.spark(), config);
  }
}
