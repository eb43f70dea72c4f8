package dev.synergen.tokenization.ingest;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.config.Settings;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.image.ImageConfig;
import java.util.List;
import java.util.Objects;

/**
 * What {@code synergen ingest} reads and how it validates, from the {@code ingest.*} settings.
 *
 * @param inputs shard files or directories (WebDataset, parquet), an image folder, or a COCO captions file
 * @param format the corpus layout, or null to detect it from the inputs
 * @param cocoImages the image folder of a COCO corpus (required for {@link IngestFormat#COCO})
 * @param parquet column names of a parquet corpus
 * @param validation image limits, caption limits, split fractions and the job's fault plan
 * @param limits per-member byte limits of the readers
 * @param samplesPerTask samples per Spark task for folder and COCO corpora (tar shards and parquet
 *     files are one task each)
 * @param unitsPerCommit tasks per Delta commit: a crash loses at most this much work, and a re-run
 *     skips what was committed
 */
public record IngestConfig(List<String> inputs, IngestFormat format, String cocoImages, ParquetColumns parquet,
    ValidationConfig validation, ReaderLimits limits, int samplesPerTask, int unitsPerCommit) {

  public IngestConfig {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty() || inputs.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("ingest needs at least one non-blank input path, got " + inputs);
    }
    Objects.requireNonNull(parquet, "parquet");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(limits, "limits");
    if (samplesPerTask < 1) {
      throw new IllegalArgumentException("samplesPerTask must be >= 1, got " + samplesPerTask);
    }
    if (unitsPerCommit < 1) {
      throw new IllegalArgumentException("unitsPerCommit must be >= 1, got " + unitsPerCommit);
    }
  }

  /** The job's fault plan (it travels in the validation config to the executors' decoders). */
  public FaultPlan faults() {
    return validation.faults();
  }

  /** Defaults for everything but the inputs. */
  public static IngestConfig of(IngestFormat format, String... inputs) {
    return new IngestConfig(List.of(inputs), format, null, ParquetColumns.img2dataset(), ValidationConfig.defaults(),
        ReaderLimits.defaults(), 1000, 64);
  }

  /** Reads every {@link IngestSettings} key. */
  public static IngestConfig from(Settings s) {
    List<String> inputs = IngestSettings.INPUT.get(s);
    if (inputs.isEmpty()) {
      s.requiredString(IngestSettings.INPUT.key());
    }
    String formatWord = IngestSettings.FORMAT.get(s);
    IngestFormat format = formatWord.equals("auto") ? null : s.enumValue("ingest.format", null, IngestFormat.class);
    ParquetColumns parquet = new ParquetColumns(IngestSettings.PARQUET_KEY.get(s), IngestSettings.PARQUET_IMAGE.get(s),
        IngestSettings.PARQUET_CAPTION.get(s));
    ImageConfig image = new ImageConfig(IngestSettings.MAX_PIXELS.get(s), IngestSettings.MAX_SIDE.get(s),
        IngestSettings.DECODE_MEMORY_BYTES.get(s), IngestSettings.DECODE_TIMEOUT_MS.get(s));
    FaultPlan faults = FaultPlan.parse(IngestSettings.FAULTS.get(s), IngestSettings.FAULTS.key());
    try {
      return new IngestConfig(inputs, format, IngestSettings.COCO_IMAGES.get(s), parquet,
          new ValidationConfig(image, new CaptionConfig(IngestSettings.MIN_CAPTION_CHARS.get(s),
              IngestSettings.MAX_CAPTION_CHARS.get(s)), new HashSplit(IngestSettings.SPLIT_TRAIN.get(s),
              IngestSettings.SPLIT_VAL.get(s), IngestSettings.SPLIT_TEST.get(s)), faults),
          new ReaderLimits(IngestSettings.MAX_MEMBER_BYTES.get(s), IngestSettings.MAX_CAPTION_BYTES.get(s),
              IngestSettings.MAX_METADATA_BYTES.get(s)),
          IngestSettings.SAMPLES_PER_TASK.get(s), IngestSettings.UNITS_PER_COMMIT.get(s));
    } catch (IllegalArgumentException e) {
      throw CoreErrors.error(CoreErrors.CONFIG_BAD_VALUE, "ingest settings are inconsistent: " + e.getMessage());
    }
  }
}
