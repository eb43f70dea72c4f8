package dev.synergen.tokenization.textcorpus;

import dev.synergen.core.config.Setting;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.tokenization.ingest.HashSplit;
import java.util.List;

/** The {@code ingest_text.*} settings, declared once; {@link TextIngestConfig#from} and {@code synergen ingest-text --help} derive from them. */
public final class TextIngestSettings {
  private static final SettingsGroup GROUP = new SettingsGroup("ingest_text");
  private static final HashSplit SPLIT = HashSplit.defaults();

  public static final Setting<List<String>> INPUT = GROUP.add(Setting.list("ingest_text.input")
      .defaultText("none (required)")
      .doc("Text files or directories of them (local or shared POSIX paths), comma-separated; the positional INPUT"
          + " arguments set it."));
  public static final Setting<TextFormat> FORMAT = GROUP.add(Setting.enumValue("ingest_text.format", TextFormat.LINES,
      TextFormat.class).flag("--format", "FMT")
      .doc("lines: one document per non-blank line; paragraphs: blank-line separated; fortune: entries separated by"
          + " '%' lines; wordnet: the glosses of WordNet 3.0 data.noun|verb|adj|adv files."));
  public static final Setting<Integer> MIN_CHARS = GROUP.add(Setting.integer("ingest_text.min_chars", 1, 1,
      Integer.MAX_VALUE).flag("--min-chars", "N").doc("Shortest document accepted, in characters after normalisation."));
  public static final Setting<Integer> MAX_CHARS = GROUP.add(Setting.integer("ingest_text.max_chars",
      TextLimits.DEFAULT_MAX_CHARS, 1, 256 << 20).flag("--max-chars", "N")
      .doc("Longest document accepted, in characters; longer ones are rejected (TEXT_TOO_LONG), never truncated,"
          + " and never held in memory beyond 4 bytes per character."));
  public static final Setting<Double> SPLIT_TRAIN = GROUP.add(Setting.decimal("ingest_text.split.train", SPLIT.train(),
      0, 1).doc("Fraction of the hash split that is train (--split sets all three)."));
  public static final Setting<Double> SPLIT_VAL = GROUP.add(Setting.decimal("ingest_text.split.val", SPLIT.val(), 0, 1)
      .doc("Fraction of the hash split that is val."));
  public static final Setting<Double> SPLIT_TEST = GROUP.add(Setting.decimal("ingest_text.split.test", SPLIT.test(),
      0, 1).doc("Fraction of the hash split that is test."));
  public static final Setting<Long> BYTES_PER_TASK = GROUP.add(Setting.longValue("ingest_text.bytes_per_task",
      64L << 20, 1, Long.MAX_VALUE).flag("--bytes-per-task", "BYTES")
      .doc("Files are grouped into Spark tasks of about this many bytes (a larger file is a task of its own)."));
  public static final Setting<Integer> TASKS_PER_COMMIT = GROUP.add(Setting.integer("ingest_text.tasks_per_commit", 64,
      1, Integer.MAX_VALUE).flag("--tasks-per-commit", "N")
      .doc("Tasks per Delta commit: a crash loses at most this much work."));

  private TextIngestSettings() {}

  public static SettingsGroup group() {
    return GROUP;
  }
}
