package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.training.train.TrainConfig;
import dev.synergen.training.train.TrainJob;
import dev.synergen.training.train.TrainSettings;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code synergen train}: trains a SynerGen model on the sequences table, resumable; options from {@link TrainSettings}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a SynerGen-VL model on the Delta table sequences, read at its current version (recorded), "
        + "filtered to one split, a minimum quality and the tokenizer versions of --tokenizer, in a seeded order per "
        + "epoch. Every --checkpoint-every steps a round ends: a checkpoint (model, AdamW state, position in the data) "
        + "under --output, its training_metrics rows and a checkpoints row (path, sha256, table versions, settings). "
        + "Progress: a line per --log-every steps (loss, text/image loss, lr, pairs/s, tokens/s, ETA).",
        "Resume: re-running the same command after a crash continues from the newest checkpoint in --output under "
            + "the original run id and ends exactly as an uninterrupted run would; settings that differ are refused.",
        "Stages (DESIGN.md section 1): s1 trains the image parameters (constant lr 1e-4), s2 adds self-attention "
            + "(cosine 5e-5), sft trains everything (cosine 2e-5). s1/s2 assume a pretrained LLM (--init-llama DIR "
            + "of a Hugging Face Llama/InternLM2 model whose tokenizer tokenizer-train --llm put in --tokenizer, or "
            + "--init-checkpoint from the previous stage). 'text' trains a base language model from scratch on "
            + "text-only sequences; 'full' (the default) trains everything from scratch on image-text sequences "
            + "(both cosine 1e-3).", ""})
final class TrainCommand extends SparkJobCommand<TrainConfig> {
  @Override
  String job() {
    return TrainJob.JOB;
  }

  @Override
  Set<String> sections() {
    return Set.of("train");
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(TrainSettings.group());
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
