package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.training.train.TrainConfig;
import dev.synergen.training.train.TrainJob;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen train}: one worker trains a SynerGen model on the sequences table, resumable. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a SynerGen-VL model (one worker, on the driver) on the Delta table sequences, read at its "
        + "current version (recorded), filtered to one split, a minimum quality and the tokenizer versions of "
        + "--tokenizer, in a seeded order per epoch. Every --checkpoint-every steps a round ends: a checkpoint "
        + "(model, AdamW state, position in the data) under --output, its training_metrics rows and a checkpoints row "
        + "(path, sha256, table versions, settings). Progress: a line per --log-every steps (loss, text/image loss, "
        + "lr, pairs/s, tokens/s, ETA).",
        "Resume: re-running the same command after a crash continues from the newest checkpoint in --output under "
            + "the original run id and ends exactly as an uninterrupted run would; settings that differ are refused.",
        "Stages (DESIGN.md section 1): s1 trains the image parameters (constant lr 1e-4), s2 adds self-attention "
            + "(cosine 5e-5), sft trains everything (cosine 2e-5). s1/s2 assume a pretrained LLM (--init-llama, or "
            + "--init-checkpoint from the previous stage). 'full' (the default) trains everything from scratch "
            + "(cosine 1e-3): that is what the demo does, since no pretrained LLM is available offline.",
        "Settings keys: train.tokenizer, train.output, train.preset, train.stage, train.steps, train.epochs, "
            + "train.batch_size, train.lr, train.schedule, train.warmup_steps, train.min_lr_ratio, train.weight_decay, "
            + "train.clip_norm, train.image_loss_weight, train.seed, train.init_checkpoint, train.init_llama, "
            + "train.checkpoint_every, train.split, train.min_quality, train.log_every, train.device.", ""})
final class TrainCommand extends SparkJobCommand<TrainConfig> {
  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "Output directory of synergen tokenizer-train (text_remap.json and vq/); default: "
          + "<lakehouse>/_artifacts/tokenizer, where tokenizer-train writes by default.")
  String tokenizer;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Checkpoint directory of the run; re-running with it resumes the run (required).")
  String output;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "Model size: tiny (tests), small (the demo, default) or paper (GPU only; refused on CPU).")
  String preset;

  @Option(names = "--stage", paramLabel = "STAGE", description = "s1, s2, sft or full (default: full).")
  String stage;

  @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps of the run (or use --epochs).")
  Long steps;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the filtered rows (or use --steps).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Sequences per step (default: 16).")
  Integer batchSize;

  @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: the stage's).")
  Double lr;

  @Option(names = "--schedule", paramLabel = "KIND",
      description = "constant or cosine, both after a linear warm-up (default: the stage's).")
  String schedule;

  @Option(names = "--warmup-steps", paramLabel = "N",
      description = "Linear warm-up steps (default: min(200, 10%% of the run); the paper uses 200).")
  Long warmupSteps;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the initial weights and the data order (default: 0).")
  Long seed;

  @Option(names = "--init-checkpoint", paramLabel = "DIR",
      description = "Start from this model checkpoint, e.g. stage s2 from an s1 checkpoint (fresh optimizer).")
  String initCheckpoint;

  @Option(names = "--init-llama", paramLabel = "FILE", split = ",",
      description = "Import these Llama/InternLM2 safetensors files into the text path (image experts copy the text FFNs).")
  List<String> initLlama;

  @Option(names = "--checkpoint-every", paramLabel = "N",
      description = "Steps per round; each round ends with a checkpoint and its table rows (default: 200).")
  Integer checkpointEvery;

  @Option(names = "--split", paramLabel = "NAME", description = "Split of sequences to train on (default: train).")
  String split;

  @Option(names = "--min-quality", paramLabel = "Q",
      description = "Skip rows with a lower quality score (default: no filter); s2 reads the high-quality rows.")
  Double minQuality;

  @Option(names = "--log-every", paramLabel = "N",
      description = "Steps per progress line and training_metrics row (default: 10).")
  Integer logEvery;

  @Option(names = "--device", paramLabel = "DEV",
      description = "auto (the task's or the first GPU, else CPU), cpu, gpu or gpu:N (default: auto).")
  String device;

  @Override
  String job() {
    return TrainJob.JOB;
  }

  @Override
  Set<String> sections() {
    return Set.of("train");
  }

  @Override
  void flags(Map<String, String> out) {
    put(out, "train.tokenizer", tokenizer);
    put(out, "train.output", output);
    put(out, "train.preset", preset);
    put(out, "train.stage", stage);
    put(out, "train.steps", steps);
    put(out, "train.epochs", epochs);
    put(out, "train.batch_size", batchSize);
    put(out, "train.lr", lr);
    put(out, "train.schedule", schedule);
    put(out, "train.warmup_steps", warmupSteps);
    put(out, "train.seed", seed);
    put(out, "train.init_checkpoint", initCheckpoint);
    if (initLlama != null && !initLlama.isEmpty()) {
      out.put("train.init_llama", String.join(",", initLlama));
    }
    put(out, "train.checkpoint_every", checkpointEvery);
    put(out, "train.split", split);
    put(out, "train.min_quality", minQuality);
    put(out, "train.log_every", logEvery);
    put(out, "train.device", device);
  }

  @Override
  TrainConfig config(Settings settings) {
    return configFrom(settings);
  }

  static TrainConfig configFrom(Settings s) {
    return TrainConfig.from(s, Artifacts.directory(s, "train.tokenizer", CommonOptions.lakehouse(s), "tokenizer"));
  }

  @Override
  JobSummary run(JobContext ctx, TrainConfig config, RunId runId) throws Exception {
    return TrainJob.run(ctx.spark(), config, runId, System.out);
  }
}
