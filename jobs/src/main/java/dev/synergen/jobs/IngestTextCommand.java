package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.textcorpus.TextIngestConfig;
import dev.synergen.tokenization.textcorpus.TextIngestJob;
import dev.synergen.tokenization.textcorpus.TextIngestSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code synergen ingest-text}: plain-text files into {@code text_docs}, refusals into {@code rejects}. */
@Command(name = "ingest-text", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Read plain-text files (the text corpus of the language model: the text stage and held-out text "
        + "perplexity), validate every document on the executors and write accepted documents to the Delta table "
        + "text_docs (keyed by a content hash, with a deterministic train/val/test split) and every refusal to "
        + "rejects with a reason code (bad UTF-8, control characters, too short or long, duplicate text). "
        + "Re-running adds nothing; a run after a crash completes the work without duplicates.",
        "Then synergen pack-text cuts the documents into training sequences.", ""})
final class IngestTextCommand extends SparkJobCommand<TextIngestConfig> {
  @Parameters(paramLabel = "INPUT", arity = "0..*",
      description = "Text files or directories of them (key ingest_text.input).")
  List<String> inputs;

  @Override
  String job() {
    return TextIngestJob.STAGE;
  }

  @Override
  Set<String> sections() {
    return Set.of("ingest_text");
  }

  @Override
  void flags(Map<String, String> out) {
    if (inputs != null && !inputs.isEmpty()) {
      out.put("ingest_text.input", String.join(",", inputs));
    }
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(TextIngestSettings.group());
  }

  @Override
  TextIngestConfig config(Settings settings) {
    return TextIngestConfig.from(settings);
  }

  @Override
  JobSummary run(JobContext ctx, TextIngestConfig config, RunId runId) {
    return TextIngestJob.run(ctx.spark(), ctx.lakehouse(), config, runId);
  }
}
