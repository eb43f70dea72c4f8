package dev.synergen.tokenization.ingest;

import dev.synergen.core.PipelineException;
import dev.synergen.core.config.Settings;
import dev.synergen.tokenization.image.ImageConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@code synergen ingest} reads and how it validates, from the {@code ingest.*} settings.
 *
 * @param inputs shard files or directories (WebDataset, parquet), an image folder, or a COCO captions file
 * @param format the corpus layout, or null to detect it from the inputs
 * @param cocoImages the image folder of a COCO corpus (required for {@link IngestFormat#COCO})
 * @param parquet column names of a parquet corpus
 * @param validation image limits, caption limits and split fractions
 * @param limits per-member byte limit of the readers
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

  /** Defaults for everything but the inputs. */
  public static IngestConfig of(IngestFormat format, String... inputs) {
    return new IngestConfig(List.of(inputs), format, null, ParquetColumns.img2dataset(), ValidationConfig.defaults(),
        ReaderLimits.defaults(), 1000, 64);
  }

  /**
   * Reads {@code ingest.input} (comma-separated), {@code ingest.format}, {@code ingest.coco_images},
   * {@code ingest.parquet.{key,image,caption}_column}, {@code ingest.max_pixels}, {@code ingest.max_side},
   * {@code ingest.caption.{min,max}_chars}, {@code ingest.max_member_bytes},
   * {@code ingest.split.{train,val,test}}, {@code ingest.samples_per_task}, {@code ingest.units_per_commit}.
   */
  public static IngestConfig from(Settings s) {
    List<String> inputs = Arrays.stream(s.requiredString("ingest.input").split(","))
        .map(String::trim).filter(p -> !p.isEmpty()).toList();
    String formatWord = s.string("ingest.format", "auto");
    IngestFormat format = formatWord.equalsIgnoreCase("auto") ? null : s.enumValue("ingest.format", null, IngestFormat.class);
    ParquetColumns parquet = new ParquetColumns(
        s.string("ingest.parquet.key_column", "key"),
        s.string("ingest.parquet.image_column", "jpg"),
        s.string("ingest.parquet.caption_column", "txt"));
    ImageConfig image = new ImageConfig(
        s.longValue("ingest.max_pixels", ImageConfig.DEFAULT_MAX_PIXELS, 1, Long.MAX_VALUE),
        s.integer("ingest.max_side", ImageConfig.DEFAULT_MAX_SIDE, 0, 1 << 16));
    int minChars = s.integer("ingest.caption.min_chars", 1, 1, Integer.MAX_VALUE);
    int maxChars = s.integer("ingest.caption.max_chars", CaptionConfig.defaults().maxChars(), 1, Integer.MAX_VALUE);
    HashSplit defaults = HashSplit.defaults();
    double train = s.decimal("ingest.split.train", defaults.train(), 0, 1);
    double val = s.decimal("ingest.split.val", defaults.val(), 0, 1);
    double test = s.decimal("ingest.split.test", defaults.test(), 0, 1);
    try {
      return new IngestConfig(inputs, format, s.string("ingest.coco_images", null), parquet,
          new ValidationConfig(image, new CaptionConfig(minChars, maxChars), new HashSplit(train, val, test)),
          new ReaderLimits(s.longValue("ingest.max_member_bytes", ReaderLimits.DEFAULT_MAX_MEMBER_BYTES, 1,
              Integer.MAX_VALUE - 8)),
          s.integer("ingest.samples_per_task", 1000, 1, Integer.MAX_VALUE),
          s.integer("ingest.units_per_commit", 64, 1, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw new PipelineException(Settings.BAD_VALUE, "ingest settings are inconsistent: " + e.getMessage());
    }
  }
}
