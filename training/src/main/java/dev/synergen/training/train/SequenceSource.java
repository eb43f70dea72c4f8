package dev.synergen.training.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.xxhash64;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.worker.EpochPosition;
import dev.synergen.training.worker.SequenceRow;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows of {@code sequences} one training run reads: pinned at one Delta version, filtered to a
 * split, a minimum quality and the tokenizer versions of the model, and streamed to the driver in a
 * seeded order per epoch, one range partition at a time (never the whole table at once).
 */
public final class SequenceSource {
  /** Rows per range partition: what the driver holds while it trains on them. */
  static final int ROWS_PER_PARTITION = 4096;

  private final Dataset<Row> rows;
  private final long version;
  private final long count;
  private final int pad;

  private SequenceSource(Dataset<Row> rows, long version, long count, int pad) {
    this.rows = rows;
    this.version = version;
    this.count = count;
    this.pad = pad;
  }

  /**
   * Opens {@code sequences} at {@code version} (null: the current one) and refuses, with what the
   * table does hold, when no row passes the filters.
   */
  public static SequenceSource open(SparkSession spark, Lakehouse lakehouse, Long version, String split,
      double minQuality, String imageTokenizer, String textTokenizer, int pad) {
    return open(spark, lakehouse, version, split, minQuality, imageTokenizer, textTokenizer, pad, false);
  }

  /** As above, restricted to text-only sequences or to all the others (a stage's {@link TrainStage#textOnly}). */
  public static SequenceSource open(SparkSession spark, Lakehouse lakehouse, Long version, String split,
      double minQuality, String imageTokenizer, String textTokenizer, int pad, boolean textOnly) {
    long pinned = version != null ? version
        : DeltaTables.currentVersion(spark, lakehouse, PipelineTables.SEQUENCES);
    Dataset<Row> table = DeltaTables.readAt(spark, lakehouse, PipelineTables.SEQUENCES, pinned);
    Dataset<Row> rows = table.where(col("split").equalTo(split)
            .and(col("quality").geq(minQuality))
            .and(col("image_tokenizer").equalTo(imageTokenizer))
            .and(col("text_tokenizer").equalTo(textTokenizer))
            .and(textOnly ? col("task").equalTo(TrainStage.TEXT_TASK)
                : col("task").notEqual(TrainStage.TEXT_TASK)))
        .select("seq_id", "tokens", "loss_mask");
    long count = JobDescription.within(spark, "count sequences", rows::count);
    if (count == 0) {
      throw TrainingErrors.error(TrainingErrors.TRAIN_NO_SEQUENCES, "sequences version " + pinned + " has no "
          + (textOnly ? "text-only row (synergen pack-text)" : "image-text row") + " with split '" + split
          + "', image_tokenizer " + imageTokenizer + ", text_tokenizer " + textTokenizer
          + (Double.isInfinite(minQuality) ? "" : " and quality >= " + minQuality) + "; it holds " + contents(table)
          + ". Pack the corpus with these tokenizers (synergen pack) or point train.tokenizer at the directory the"
          + " sequences were packed with");
    }
    return new SequenceSource(rows, pinned, count, pad);
  }

  /** The Delta version read, recorded in every checkpoint. */
  public long version() {
    return version;
  }

  /** Rows that pass the filters. */
  public long rowCount() {
    return count;
  }

  /**
   * The rows of {@code epoch} in their seeded order (xxhash64 of seq_id, seed and epoch, ties by
   * seq_id), starting after {@code after} (null: from the start of the epoch).
   */
  public Iterator<SequenceRow> epoch(int epoch, long seed, EpochPosition after) {
    Dataset<Row> keyed = after(epoch, seed, after);
    int partitions = (int) Math.max(1, (count + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
    Iterator<Row> it = keyed.repartitionByRange(partitions, col("order_key"), col("seq_id"))
        .sortWithinPartitions("order_key", "seq_id")
        .toLocalIterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public SequenceRow next() {
        Row r = it.next();
        String seqId = r.getString(0);
        return SequenceRow.trimmed(seqId, RowArrays.ints(r, 1), RowArrays.booleans(r, 2), pad,
            new EpochPosition(epoch, r.getLong(3), seqId));
      }
    };
  }

  /**
   * The next {@code limit} rows of {@code epoch}'s seeded order after {@code after} (null: from the
   * start), sorted: {@code seq_id, tokens, loss_mask, order_key}. A round's slice of the data.
   */
  public Dataset<Row> next(int epoch, long seed, EpochPosition after, long limit) {
    return after(epoch, seed, after).orderBy("order_key", "seq_id").limit((int) Math.min(limit, Integer.MAX_VALUE));
  }

  /** The epoch's rows keyed by their seeded order, those up to {@code after} removed. */
  private Dataset<Row> after(int epoch, long seed, EpochPosition after) {
    Dataset<Row> keyed = rows.withColumn("order_key", xxhash64(col("seq_id"), lit(seed), lit(epoch)));
    if (after != null) {
      if (after.epoch() != epoch) {
        throw new IllegalArgumentException("position " + after + " is not in epoch " + epoch);
      }
      Column key = col("order_key");
      keyed = keyed.where(key.gt(after.orderKey())
          .or(key.equalTo(after.orderKey()).and(col("seq_id").gt(after.seqId()))));
    }
    return keyed;
  }

  /** The PAD id trimmed from row tails. */
  public int pad() {
    return pad;
  }

  private static String contents(Dataset<Row> table) {
    List<Row> groups = table.groupBy("split", "image_tokenizer", "text_tokenizer", "task")
        .agg(org.apache.spark.sql.functions.count(lit(1)), min("quality"), max("quality"))
        .orderBy("split", "image_tokenizer", "text_tokenizer", "task").limit(12).collectAsList();
    if (groups.isEmpty()) {
      return "no rows at all";
    }
    StringBuilder out = new StringBuilder();
    for (Row g : groups) {
      out.append(out.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
          "split '%s' with %s + %s, task %s: %d rows (quality %.3g..%.3g)", g.getString(0), g.getString(1),
          g.getString(2), g.getString(3), g.getLong(4), g.getDouble(5), g.getDouble(6)));
    }
    return out.toString();
  }
}
