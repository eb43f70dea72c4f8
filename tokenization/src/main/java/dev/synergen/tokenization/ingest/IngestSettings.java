package dev.synergen.tokenization.ingest;

import dev.synergen.core.config.Setting;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.tokenization.image.ImageConfig;
import java.util.List;

/** The {@code ingest.*} settings, declared once; {@link IngestConfig#from} and {@code synergen ingest --help} derive from them. */
public final class IngestSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("ingest");
  private static final HashSplit SPLIT = HashSplit.defaults();

  public static final Setting<List<String>> INPUT = GROUP.add(Setting.list("ingest.input").defaultText("none (required)")
      .doc("Tar shards, directories of shards, parquet files, an image folder or a COCO captions JSON (local paths or"
          + " Hadoop URIs such as s3a://), comma-separated; the positional INPUT arguments set it."));
  public static final Setting<String> FORMAT = GROUP.add(Setting.choice("ingest.format", "auto", "auto", "webdataset",
      "folder", "coco", "parquet").flag("--format", "FMT").doc("Corpus layout; auto detects it from the inputs."));
  public static final Setting<String> COCO_IMAGES = GROUP.add(Setting.string("ingest.coco_images", null)
      .flag("--coco-images", "DIR").doc("Image folder of a COCO captions JSON."));
  public static final Setting<Long> MAX_PIXELS = GROUP.add(Setting.longValue("ingest.max_pixels",
      ImageConfig.DEFAULT_MAX_PIXELS, 1, Long.MAX_VALUE).flag("--max-pixels", "N")
      .doc("Refuse images whose header declares more pixels than N, before decoding."));
  public static final Setting<Integer> MAX_SIDE = GROUP.add(Setting.integer("ingest.max_side",
      ImageConfig.DEFAULT_MAX_SIDE, 0, 1 << 16).flag("--max-side", "PX")
      .doc("Downscale larger images to this longest side; 0 keeps the size."));
  public static final Setting<Integer> MIN_CAPTION_CHARS = GROUP.add(Setting.integer("ingest.caption.min_chars", 1, 1,
      Integer.MAX_VALUE).flag("--min-caption-chars", "N").doc("Shortest caption accepted."));
  public static final Setting<Integer> MAX_CAPTION_CHARS = GROUP.add(Setting.integer("ingest.caption.max_chars",
      CaptionConfig.defaults().maxChars(), 1, Integer.MAX_VALUE).flag("--max-caption-chars", "N")
      .doc("Longest caption accepted."));
  public static final Setting<Long> MAX_MEMBER_BYTES = GROUP.add(Setting.longValue("ingest.max_member_bytes",
      ReaderLimits.DEFAULT_MAX_MEMBER_BYTES, 1, Integer.MAX_VALUE - 8).flag("--max-member-bytes", "BYTES")
      .doc("Largest single file inside a shard or folder; larger ones are rejected unread."));
  public static final Setting<Long> MAX_CAPTION_BYTES = GROUP.add(Setting.longValue("ingest.max_caption_bytes",
      ReaderLimits.DEFAULT_MAX_CAPTION_BYTES, 1, Integer.MAX_VALUE - 8).flag("--max-caption-bytes", "BYTES")
      .doc("Largest caption file or cell; larger ones are rejected (FILE_TOO_LARGE) unread."));
  public static final Setting<Long> MAX_METADATA_BYTES = GROUP.add(Setting.longValue("ingest.max_metadata_bytes",
      ReaderLimits.DEFAULT_MAX_METADATA_BYTES, 1, Integer.MAX_VALUE - 8).flag("--max-metadata-bytes", "BYTES")
      .doc("Largest JSON metadata file (or parquet row metadata); larger ones are rejected (FILE_TOO_LARGE) unread."));
  public static final Setting<Long> DECODE_MEMORY_BYTES = GROUP.add(Setting.longValue("ingest.decode_memory_bytes",
      ImageConfig.AUTO_DECODE_MEMORY, 0, Long.MAX_VALUE).flag("--decode-memory-bytes", "BYTES")
      .defaultText("0 (a quarter of the executor heap)")
      .doc("Heap that the image decodes of one executor may hold at once; an image whose header promises more is"
          + " rejected (DECODE_OVER_BUDGET) before decoding, others wait for their share."));
  public static final Setting<Long> DECODE_TIMEOUT_MS = GROUP.add(Setting.longValue("ingest.decode_timeout_ms",
      ImageConfig.DEFAULT_DECODE_TIMEOUT_MILLIS, 1, Long.MAX_VALUE).flag("--decode-timeout-ms", "MS")
      .doc("A decode that takes longer is abandoned and its record rejected (DECODE_TIMEOUT)."));
  public static final Setting<Double> SPLIT_TRAIN = GROUP.add(Setting.decimal("ingest.split.train", SPLIT.train(), 0, 1)
      .doc("Fraction of the hash split that is train (--split sets all three)."));
  public static final Setting<Double> SPLIT_VAL = GROUP.add(Setting.decimal("ingest.split.val", SPLIT.val(), 0, 1)
      .doc("Fraction of the hash split that is val."));
  public static final Setting<Double> SPLIT_TEST = GROUP.add(Setting.decimal("ingest.split.test", SPLIT.test(), 0, 1)
      .doc("Fraction of the hash split that is test."));
  public static final Setting<String> PARQUET_KEY = GROUP.add(Setting.string("ingest.parquet.key_column", "key")
      .flag("--parquet-key-column", "COL").doc("Parquet key column."));
  public static final Setting<String> PARQUET_IMAGE = GROUP.add(Setting.string("ingest.parquet.image_column", "jpg")
      .flag("--parquet-image-column", "COL").doc("Parquet image bytes column."));
  public static final Setting<String> PARQUET_CAPTION = GROUP.add(Setting.string("ingest.parquet.caption_column", "txt")
      .flag("--parquet-caption-column", "COL").doc("Parquet caption column."));
  public static final Setting<Integer> SAMPLES_PER_TASK = GROUP.add(Setting.integer("ingest.samples_per_task", 1000, 1,
      Integer.MAX_VALUE).flag("--samples-per-task", "N")
      .doc("Folder/COCO samples per Spark task; tar shards and parquet files are one task each."));
  public static final Setting<Integer> UNITS_PER_COMMIT = GROUP.add(Setting.integer("ingest.units_per_commit", 64, 1,
      Integer.MAX_VALUE).flag("--units-per-commit", "N")
      .doc("Tasks per Delta commit: a crash loses at most this much work."));
  public static final Setting<String> FAULTS = GROUP.add(Setting.string("ingest.faults", "").defaultText("none")
      .doc("Crash drills and tests only: deliberate failures (see train.faults). Points: decode (width, height; in"
          + " the executors), delta_write (batch, table: 0 raw_pairs, 1 rejects; inside the MERGE's write),"
          + " pairs_committed and batch_committed (batch)."));

  private IngestSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }
}
