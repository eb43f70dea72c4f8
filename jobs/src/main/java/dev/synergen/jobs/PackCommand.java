package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.ml.TokenizerTrainJob;
import dev.synergen.tokenization.pack.PackConfig;
import dev.synergen.tokenization.pack.PackJob;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen pack}: tokenized_pairs to training sequences in the unified vocabulary. */
@Command(name = "pack", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Turn tokenized_pairs into training sequences (DESIGN.md section 5): understanding samples "
        + "(i2t: BOS IMG_START <image> IMG_END caption EOS, loss on the caption) and generation samples (t2i: BOS "
        + "caption IMG_START <image> IMG_END EOS, loss on the image codes), with caption dropout to the UNCOND "
        + "token for classifier-free guidance. Every id is range-checked against the vocabulary layout; a "
        + "violation is an error, never a clamp. Samples longer than the context are rejected, never truncated.",
        "Settings keys: pack.{tokenizer, context_length, t2i_fraction, caption_dropout, mode, buckets, seed}.", ""})
final class PackCommand extends SparkJobCommand<PackConfig> {
  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "Directory written by tokenizer-train (default: <lakehouse>/_artifacts/tokenizer).")
  String tokenizer;

  @Option(names = "--context-length", paramLabel = "N", description = "Tokens per sequence (default: 320).")
  Integer contextLength;

  @Option(names = "--t2i-fraction", paramLabel = "F",
      description = "Share of pairs that become generation samples; the rest are understanding (default: 0.5).")
  Double t2iFraction;

  @Option(names = "--caption-dropout", paramLabel = "F",
      description = "Share of generation samples whose caption becomes UNCOND (default: 0.1, as the paper).")
  Double captionDropout;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "pad: one sample per sequence (incremental; default); pack: samples of one split and task "
          + "share sequences.")
  String mode;

  @Option(names = "--buckets", paramLabel = "N", description = "Hash buckets per split and task in pack mode (default: 8).")
  Integer buckets;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the per-pair task and dropout draws (default: 0).")
  Long seed;

  @Override
  String job() {
    return PackJob.STAGE;
  }

  @Override
  Set<String> sections() {
    return Set.of("pack");
  }

  @Override
  void flags(Map<String, String> out) {
    put(out, "pack.tokenizer", tokenizer);
    put(out, "pack.context_length", contextLength);
    put(out, "pack.t2i_fraction", t2iFraction);
    put(out, "pack.caption_dropout", captionDropout);
    put(out, "pack.mode", mode);
    put(out, "pack.buckets", buckets);
    put(out, "pack.seed", seed);
  }

  @Override
  PackConfig config(Settings s) {
    return configFrom(s);
  }

  static PackConfig configFrom(Settings s) {
    var lakehouse = CommonOptions.lakehouse(s);
    String dir = Artifacts.directory(s, "pack.tokenizer", lakehouse, "tokenizer");
    return new PackConfig(lakehouse, dir + "/" + TokenizerTrainJob.VQ_DIR, dir + "/" + TokenizerTrainJob.TEXT_REMAP,
        s.integer("pack.context_length", 320, 8, 1 << 20),
        s.decimal("pack.t2i_fraction", 0.5, 0, 1),
        s.decimal("pack.caption_dropout", 0.1, 0, 1),
        s.string("pack.mode", "pad"),
        s.integer("pack.buckets", 8, 1, 1 << 20),
        s.longValue("pack.seed", 0, Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @Override
  JobSummary run(JobContext ctx, PackConfig config, RunId runId) {
    return PackJob.run(ctx.spark(), config);
  }
}
