package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
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
            + "sRGB (alpha on white) and stored as PNG.",
        "Settings keys: ingest.input, ingest.format, ingest.coco_images, ingest.parquet.{key,image,caption}_column, "
            + "ingest.max_pixels, ingest.max_side, ingest.caption.{min,max}_chars, ingest.max_member_bytes, "
            + "ingest.split.{train,val,test}, ingest.samples_per_task, ingest.units_per_commit.", ""})
final class IngestCommand extends SparkJobCommand<IngestConfig> {
  @Parameters(paramLabel = "INPUT", arity = "0..*",
      description = "Tar shards, directories of shards, parquet files, an image folder or a COCO captions JSON "
          + "(local paths or Hadoop URIs such as s3a://; key ingest.input).")
  List<String> inputs;

  @Option(names = "--format", paramLabel = "FMT",
      description = "auto, webdataset, folder, coco or parquet (default: auto, from the inputs).")
  String format;

  @Option(names = "--coco-images", paramLabel = "DIR", description = "Image folder of a COCO captions JSON.")
  String cocoImages;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Refuse images whose header declares more pixels than N, before decoding (default: 40000000).")
  Long maxPixels;

  @Option(names = "--max-side", paramLabel = "PX",
      description = "Downscale larger images to this longest side; 0 keeps the size (default: 1024).")
  Integer maxSide;

  @Option(names = "--min-caption-chars", paramLabel = "N", description = "Shortest caption accepted (default: 1).")
  Integer minCaptionChars;

  @Option(names = "--max-caption-chars", paramLabel = "N", description = "Longest caption accepted (default: 1000).")
  Integer maxCaptionChars;

  @Option(names = "--max-member-bytes", paramLabel = "BYTES",
      description = "Largest single file inside a shard or folder; larger ones are rejected unread (default: 67108864).")
  Long maxMemberBytes;

  @Option(names = "--split", paramLabel = "TRAIN,VAL,TEST",
      description = "Fractions of the hash split, summing to 1 (default: 0.98,0.01,0.01).")
  String split;

  @Option(names = "--parquet-key-column", paramLabel = "COL", description = "Parquet key column (default: key).")
  String parquetKey;

  @Option(names = "--parquet-image-column", paramLabel = "COL",
      description = "Parquet image bytes column (default: jpg).")
  String parquetImage;

  @Option(names = "--parquet-caption-column", paramLabel = "COL", description = "Parquet caption column (default: txt).")
  String parquetCaption;

  @Option(names = "--samples-per-task", paramLabel = "N",
      description = "Folder/COCO samples per Spark task; tar shards and parquet files are one task each (default: 1000).")
  Integer samplesPerTask;

  @Option(names = "--units-per-commit", paramLabel = "N",
      description = "Tasks per Delta commit: a crash loses at most this much work (default: 64).")
  Integer unitsPerCommit;

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
    put(out, "ingest.format", format);
    put(out, "ingest.coco_images", cocoImages);
    put(out, "ingest.max_pixels", maxPixels);
    put(out, "ingest.max_side", maxSide);
    put(out, "ingest.caption.min_chars", minCaptionChars);
    put(out, "ingest.caption.max_chars", maxCaptionChars);
    put(out, "ingest.max_member_bytes", maxMemberBytes);
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
    put(out, "ingest.parquet.key_column", parquetKey);
    put(out, "ingest.parquet.image_column", parquetImage);
    put(out, "ingest.parquet.caption_column", parquetCaption);
    put(out, "ingest.samples_per_task", samplesPerTask);
    put(out, "ingest.units_per_commit", unitsPerCommit);
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
