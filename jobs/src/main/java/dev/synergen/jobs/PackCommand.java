package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.pack.PackConfig;
import dev.synergen.tokenization.pack.PackJob;
import dev.synergen.tokenization.pack.PackSettings;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code synergen pack}: tokenized_pairs to training sequences in the unified vocabulary. */
@Command(name = "pack", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Turn tokenized_pairs into training sequences (DESIGN.md section 5): understanding samples "
        + "(i2t: BOS IMG_START <image> IMG_END caption EOS, loss on the caption) and generation samples (t2i: BOS "
        + "caption IMG_START <image> IMG_END EOS, loss on the image codes), with caption dropout to the UNCOND "
        + "token for classifier-free guidance. Every id is range-checked against the vocabulary layout; a "
        + "violation is an error, never a clamp. Samples longer than the context are rejected, never truncated.", ""})
final class PackCommand extends SparkJobCommand<PackConfig> {
  @Override
  String job() {
    return PackJob.STAGE;
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
    return configFrom(s);
  }

  static PackConfig configFrom(Settings s) {
    var lakehouse = CommonOptions.lakehouse(s);
    return PackSettings.config(s, lakehouse, Artifacts.directory(s, PackSettings.TOKENIZER.key(), lakehouse, "tokenizer"));
  }

  @Override
  JobSummary run(JobContext ctx, PackConfig config, RunId runId) {
    return PackJob.run(ctx.spark(), config);
  }
}
