package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.ml.TokenizerTrainJob;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTrainingConfig;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen tokenizer-train}: trains the VQ image tokenizer and builds the compact text vocabulary. */
@Command(name = "tokenizer-train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train the tokenizers on the train split of raw_pairs (read at one pinned Delta version):",
        " - the text tokenizer: BPE (jtokkit, no download) plus a compact vocabulary of the ids the corpus uses, "
            + "found with a Spark aggregation (id 0 = UNK), saved as text_remap.json;",
        " - the VQ image tokenizer (conv encoder/decoder, EMA codebook with dead-code restarts), images streamed from "
            + "Delta, codebook initialised by Spark MLlib k-means on encoder outputs, checkpoints as safetensors.",
        "Re-running the same command resumes from the last checkpoint. At the end it reports reconstruction PSNR/SSIM, "
            + "codebook usage and perplexity on held-out (val/test) images.",
        "Settings keys: tokenizer_train.{output, preset, steps, batch_size, learning_rate, seed, checkpoint_every, "
            + "kmeans_at_step, kmeans_images, kmeans_iterations, text_encoding, text_vocab_cap, held_out_images}.", ""})
final class TokenizerTrainCommand extends SparkJobCommand<TokenizerTrainJob.Config> {
  @Option(names = "--output", paramLabel = "DIR",
      description = "Tokenizer directory (default: <lakehouse>/_artifacts/tokenizer).")
  String output;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "VQ size: tiny (32 px, 8x8 codes, 256 entries) or small (64 px, 16x16 codes, 1024 entries; "
          + "default).")
  String preset;

  @Option(names = "--steps", paramLabel = "N",
      description = "Training steps; sets the cosine schedule (default: 800, about 7 minutes on 2 cores for small).")
  Integer steps;

  @Option(names = "--batch-size", paramLabel = "N", description = "Images per step (default: 32).")
  Integer batchSize;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak Adam learning rate (default: 0.001).")
  Double learningRate;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation and data order (default: 0).")
  Long seed;

  @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between checkpoints (default: 100).")
  Integer checkpointEvery;

  @Option(names = "--kmeans-at-step", paramLabel = "N",
      description = "Step at which MLlib k-means re-initialises the codebook from encoder outputs; -1 disables "
          + "(default: 50).")
  Integer kmeansAtStep;

  @Option(names = "--kmeans-images", paramLabel = "N", description = "Images sampled for k-means (default: 2048).")
  Integer kmeansImages;

  @Option(names = "--kmeans-iterations", paramLabel = "N", description = "k-means iterations (default: 10).")
  Integer kmeansIterations;

  @Option(names = "--text-encoding", paramLabel = "NAME",
      description = "BPE encoding: cl100k_base (default), o200k_base or r50k_base.")
  String textEncoding;

  @Option(names = "--text-vocab-cap", paramLabel = "N",
      description = "Most compact text ids kept, by corpus frequency; rarer pieces map to UNK (default: 8192).")
  Integer textVocabCap;

  @Option(names = "--held-out-images", paramLabel = "N",
      description = "Held-out images measured at the end; 0 skips (default: 512).")
  Integer heldOutImages;

  @Override
  String job() {
    return TokenizerTrainJob.STAGE;
  }

  @Override
  Set<String> sections() {
    return Set.of("tokenizer_train");
  }

  @Override
  void flags(Map<String, String> out) {
    put(out, "tokenizer_train.output", output);
    put(out, "tokenizer_train.preset", preset);
    put(out, "tokenizer_train.steps", steps);
    put(out, "tokenizer_train.batch_size", batchSize);
    put(out, "tokenizer_train.learning_rate", learningRate);
    put(out, "tokenizer_train.seed", seed);
    put(out, "tokenizer_train.checkpoint_every", checkpointEvery);
    put(out, "tokenizer_train.kmeans_at_step", kmeansAtStep);
    put(out, "tokenizer_train.kmeans_images", kmeansImages);
    put(out, "tokenizer_train.kmeans_iterations", kmeansIterations);
    put(out, "tokenizer_train.text_encoding", textEncoding);
    put(out, "tokenizer_train.text_vocab_cap", textVocabCap);
    put(out, "tokenizer_train.held_out_images", heldOutImages);
  }

  @Override
  TokenizerTrainJob.Config config(Settings s) {
    return configFrom(s);
  }

  static TokenizerTrainJob.Config configFrom(Settings s) {
    var lakehouse = CommonOptions.lakehouse(s);
    String output = Artifacts.directory(s, "tokenizer_train.output", lakehouse, "tokenizer");
    VqConfig model = switch (s.string("tokenizer_train.preset", "small")) {
      case "tiny" -> VqConfig.tiny();
      case "small" -> VqConfig.small();
      default -> throw new IllegalArgumentException("tokenizer_train.preset must be tiny or small, got '"
          + s.string("tokenizer_train.preset", "small") + "'");
    };
    int steps = s.integer("tokenizer_train.steps", 800, 1, 10_000_000);
    long seed = s.longValue("tokenizer_train.seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    VqTrainingConfig defaults = VqTrainingConfig.defaults(steps, seed);
    double lr = s.decimal("tokenizer_train.learning_rate", defaults.learningRate(), 1e-7, 0.5);
    VqTrainingConfig training = new VqTrainingConfig((float) lr, defaults.warmupSteps(), steps,
        defaults.minLearningRateRatio(), defaults.beta1(), defaults.beta2(), defaults.epsilon(),
        defaults.gradientClipNorm(), defaults.commitmentWeight(), defaults.emaDecay(), defaults.deadCodeThreshold(),
        seed);
    return new TokenizerTrainJob.Config(lakehouse, output, model, training,
        s.integer("tokenizer_train.batch_size", 32, 1, 4096),
        s.integer("tokenizer_train.checkpoint_every", 100, 1, Integer.MAX_VALUE),
        s.integer("tokenizer_train.kmeans_at_step", 50, -1, Integer.MAX_VALUE),
        s.integer("tokenizer_train.kmeans_images", 2048, 1, 10_000_000),
        s.integer("tokenizer_train.kmeans_iterations", 10, 1, 1000),
        s.string("tokenizer_train.text_encoding", "cl100k_base"),
        s.integer("tokenizer_train.text_vocab_cap", 8192, 2, 1_000_000),
        s.integer("tokenizer_train.held_out_images", 512, 0, 1_000_000));
  }

  @Override
  JobSummary run(JobContext ctx, TokenizerTrainJob.Config config, RunId runId) {
    return TokenizerTrainJob.run(ctx.spark(), config, System.out);
  }
}
