package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.pack.PackConfig;
import dev.synergen.tokenization.pack.PackSettings;
import dev.synergen.tokenization.pack.TextPackJob;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code synergen pack-text}: text_docs to text-only training sequences. */
@Command(name = "pack-text", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Turn text_docs into text-only training sequences (task text: BOS <window of the document> "
        + "[EOS], loss on every token after BOS), encoded with the tokenizer directory's text tokenizer (the "
        + "compact remap or a pretrained LLM's own tokenizer) and cut into windows of pack.context_length, never "
        + "truncated. They feed synergen train --stage text and the eval text suite. Reads the pack.* settings; "
        + "only the tokenizer and the context length apply.", ""})
final class PackTextCommand extends SparkJobCommand<PackConfig> {
  @Override
  String job() {
    return TextPackJob.STAGE;
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(PackSettings.group());
  }

  @Override
  Set<String> sections() {
    return Set.of("pack");
  }

  @Override
  PackConfig config(Settings s) {
    return PackCommand.configFrom(s);
  }

  @Override
  JobSummary run(JobContext ctx, PackConfig config, RunId runId) {
    return TextPackJob.run(ctx.spark(), config);
  }
}
