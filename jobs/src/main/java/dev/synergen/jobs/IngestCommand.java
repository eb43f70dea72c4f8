package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.ingest.IngestSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code synergen ingest}: validates a corpus into {@code raw_pairs}, refusals into {@code rejects}. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Read an image-text corpus, validate every sample on the executors and write accepted pairs to "
        + "the Delta table raw_pairs (keyed by a content hash, with a deterministic train/val/test split) and every "
        + "refusal to rejects with a reason code. Re-running adds nothing; a run after a crash completes the work "
        + "without duplicates. The summary checks accepted + already present + rejected = input.",
        "Formats: webdataset (tar shards of key.jpg|png|webp|... + key.txt|json), folder (images with sidecar .txt "
            + "captions), coco (captions JSON + --coco-images folder), parquet (img2dataset: key/jpg/txt columns).",
        "Images: format sniffed from bytes; decompression bombs refused from the header before decoding; JPEG "
            + "(incl. CMYK/YCCK), PNG (16-bit, alpha, palette), GIF (first frame), BMP, WebP converted to 8-bit "
            + "sRGB (alpha on white) and stored as PNG.", ""})
final class IngestCommand extends SparkJobCommand<IngestConfig> {
  @Parameters(paramLabel = "INPUT", arity = "0..*",
      description = "Tar shards, directories of shards, parquet files, an image folder or a COCO captions JSON "
          + "(local paths or Hadoop URIs such as s3a://; key ingest.input).")
  List<String> inputs;

  @Option(names = "--split", paramLabel = "TRAIN,VAL,TEST",
      description = "Fractions of the hash split, summing to 1 (default: 0.98,0.01,0.01).")
  String split;

  @Override
  String job() {
    return IngestJob.STAGE;
  }

  @Override
  Set<String> sections() {
    return Set.of("ingest");
  }

  @Override
  void flags(Map<String, String> out) {
    if (inputs != null && !inputs.isEmpty()) {
      out.put("ingest.input", String.join(",", inputs));
    }
    if (split != null) {
      String[] parts = split.split(",");
      if (parts.length != 3) {
        throw new IllegalArgumentException("--split needs three fractions TRAIN,VAL,TEST such as 0.98,0.01,0.01, got '"
            + split + "'");
      }
      out.put("ingest.split.train", parts[0].trim());
      out.put("ingest.split.val", parts[1].trim());
      out.put("ingest.split.test", parts[2].trim());
    }
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(IngestSettings.group());
  }

  @Override
  IngestConfig config(Settings settings) {
    return IngestConfig.from(settings);
  }

  @Override
  JobSummary run(JobContext ctx, IngestConfig config, RunId runId) {
    return IngestJob.run(ctx.spark(), ctx.lakehouse(), config, runId);
  }
}
