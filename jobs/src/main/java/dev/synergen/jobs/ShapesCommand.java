package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import dev.synergen.tokenization.shapes.ShapesSettings;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code synergen shapes}: writes the synthetic shapes world as WebDataset tar shards. */
@Command(name = "shapes", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Generate the synthetic shapes world (DESIGN.md section 9) as WebDataset tar shards: "
        + "key.png (the scene), key.txt (a caption true of it), key.json (the exact scene: objects with shape, "
        + "colour, size, bbox). Seeded: the same settings give byte-identical shards."})
final class ShapesCommand extends SparkJobCommand<ShapesCorpusConfig> {
  @Override
  String job() {
    return ShapesJob.JOB;
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(ShapesSettings.group());
  }

  @Override
  Set<String> sections() {
    return Set.of("shapes");
  }

  @Override
  ShapesCorpusConfig config(Settings settings) {
    return ShapesJob.config(settings);
  }

  @Override
  JobSummary run(JobContext ctx, ShapesCorpusConfig config, RunId runId) {
    return ShapesJob.run(ctx.spark(), config, runId);
  }
}
