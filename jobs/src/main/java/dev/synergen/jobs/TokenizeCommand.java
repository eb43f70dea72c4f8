package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.ml.TokenizeJob;
import dev.synergen.tokenization.ml.TokenizerTrainJob;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen tokenize}: raw_pairs to tokenized_pairs, incrementally, with the trained tokenizers. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Encode raw_pairs into tokenized_pairs (VQ image codes and compact text ids) with the "
        + "ImageTokenizer and TextTokenizer Spark ML transformers: the model is broadcast once, loaded once per "
        + "executor JVM, and each partition is encoded in batches on the task's GPU if Spark assigned one, else CPU.",
        "Incremental and idempotent: only pairs not yet tokenized by this pair of tokenizer versions are encoded; "
            + "images the tokenizer cannot take go to rejects.",
        "Settings keys: tokenize.{tokenizer, batch_size, device}.", ""})
final class TokenizeCommand extends SparkJobCommand<TokenizeJob.Config> {
  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "Directory written by tokenizer-train (default: <lakehouse>/_artifacts/tokenizer).")
  String tokenizer;

  @Option(names = "--batch-size", paramLabel = "N", description = "Images per encoder call (default: 64).")
  Integer batchSize;

  @Option(names = "--device", paramLabel = "DEV",
      description = "auto (the task's GPU when Spark assigned one, else CPU; default), cpu or gpu.")
  String device;

  @Override
  String job() {
    return TokenizeJob.STAGE;
  }

  @Override
  Set<String> sections() {
    return Set.of("tokenize");
  }

  @Override
  void flags(Map<String, String> out) {
    put(out, "tokenize.tokenizer", tokenizer);
    put(out, "tokenize.batch_size", batchSize);
    put(out, "tokenize.device", device);
  }

  @Override
  TokenizeJob.Config config(Settings s) {
    return configFrom(s);
  }

  static TokenizeJob.Config configFrom(Settings s) {
    var lakehouse = CommonOptions.lakehouse(s);
    String dir = Artifacts.directory(s, "tokenize.tokenizer", lakehouse, "tokenizer");
    return new TokenizeJob.Config(lakehouse, dir + "/" + TokenizerTrainJob.VQ_DIR,
        dir + "/" + TokenizerTrainJob.TEXT_REMAP, s.integer("tokenize.batch_size", 64, 1, 65536),
        s.string("tokenize.device", "auto"));
  }

  @Override
  JobSummary run(JobContext ctx, TokenizeJob.Config config, RunId runId) {
    return TokenizeJob.run(ctx.spark(), config);
  }
}
