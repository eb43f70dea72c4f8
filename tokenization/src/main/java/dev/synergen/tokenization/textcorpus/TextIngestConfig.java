package dev.synergen.tokenization.textcorpus;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.config.Settings;
import dev.synergen.tokenization.ingest.HashSplit;
import java.util.List;
import java.util.Objects;

/**
 * What {@code synergen ingest-text} reads and how, from the {@code ingest_text.*} settings.
 *
 * @param inputs text files or directories of them
 * @param format how a file divides into documents
 * @param limits document length limits
 * @param split the deterministic train/val/test split of documents by content hash
 * @param bytesPerTask files are grouped into Spark tasks of about this many bytes
 * @param tasksPerCommit tasks per Delta commit: a crash loses at most this much work, and a re-run
 *     skips what was committed
 */
public record TextIngestConfig(List<String> inputs, TextFormat format, TextLimits limits, HashSplit split,
    long bytesPerTask, int tasksPerCommit) {

  public TextIngestConfig {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty() || inputs.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("ingest-text needs at least one non-blank input path, got " + inputs);
    }
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(split, "split");
    if (bytesPerTask < 1) {
      throw new IllegalArgumentException("bytesPerTask must be >= 1, got " + bytesPerTask);
    }
    if (tasksPerCommit < 1) {
      throw new IllegalArgumentException("tasksPerCommit must be >= 1, got " + tasksPerCommit);
    }
  }

  /** Defaults for everything but the format and inputs. */
  public static TextIngestConfig of(TextFormat format, String... inputs) {
    return new TextIngestConfig(List.of(inputs), format, TextLimits.defaults(), HashSplit.defaults(), 64L << 20, 64);
  }

  /** Reads every {@link TextIngestSettings} key. */
  public static TextIngestConfig from(Settings s) {
    List<String> inputs = TextIngestSettings.INPUT.get(s);
    if (inputs.isEmpty()) {
      s.requiredString(TextIngestSettings.INPUT.key());
    }
    try {
      return new TextIngestConfig(inputs, TextIngestSettings.FORMAT.get(s),
          new TextLimits(TextIngestSettings.MIN_CHARS.get(s), TextIngestSettings.MAX_CHARS.get(s)),
          new HashSplit(TextIngestSettings.SPLIT_TRAIN.get(s), TextIngestSettings.SPLIT_VAL.get(s),
              TextIngestSettings.SPLIT_TEST.get(s)),
          TextIngestSettings.BYTES_PER_TASK.get(s), TextIngestSettings.TASKS_PER_COMMIT.get(s));
    } catch (IllegalArgumentException e) {
      throw CoreErrors.error(CoreErrors.CONFIG_BAD_VALUE, "ingest_text settings are inconsistent: " + e.getMessage());
    }
  }
}
