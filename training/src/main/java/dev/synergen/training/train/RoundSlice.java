package dev.synergen.training.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import dev.synergen.core.spark.RowArrays;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.worker.EpochPosition;
import dev.synergen.training.worker.ShardRow;
import dev.synergen.training.worker.WorkerPartitioner;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The rows of one round, step by step: each inner step takes the next {@code workers x batch} rows
 * of the global seeded order (a chunk), except that an epoch's last chunk holds only its remaining
 * rows and the next step starts the next epoch. A chunk's rows are dealt out by rank ({@code rank %
 * workers}), so the union of a step's batches is the same piece of the global order whatever the
 * worker count, and the position after the round is one global cursor. Rows go from the scan to
 * their worker's task through a shuffle, never through the driver; the driver sees only counts and
 * the last key of each epoch part.
 */
final class RoundSlice implements AutoCloseable {
  private final List<Dataset<Row>> parts;
  private final Dataset<Row> rows;
  private final long count;
  private final long chunks;
  private final EpochPosition position;
  private final int nextEpoch;
  private final int workers;

  private RoundSlice(List<Dataset<Row>> parts, Dataset<Row> rows, long count, long chunks, EpochPosition position,
      int nextEpoch, int workers) {
    this.parts = parts;
    this.rows = rows;
    this.count = count;
    this.chunks = chunks;
    this.position = position;
    this.nextEpoch = nextEpoch;
    this.workers = workers;
  }

  /**
   * Up to {@code steps} chunks from {@code epoch} after {@code after}, crossing into the following
   * epochs (but not to {@code epochLimit} or beyond).
   */
  static RoundSlice of(SequenceSource source, long seed, int epoch, EpochPosition after, int workers, int batch,
      long steps, int epochLimit) {
    long chunkRows = (long) workers * batch;
    List<Dataset<Row>> parts = new ArrayList<>();
    long stepsLeft = steps;
    long chunkOffset = 0;
    long count = 0;
    int e = epoch;
    EpochPosition cursor = after;
    while (stepsLeft > 0 && e < epochLimit) {
      Dataset<Row> part = source.next(e, seed, cursor, stepsLeft * chunkRows)
          .withColumn("rank_in_part", row_number().over(Window.orderBy("order_key", "seq_id")).minus(1))
          .persist(StorageLevel.MEMORY_AND_DISK());
      long got = part.count();
      if (got == 0) {
        part.unpersist();
        if (cursor == null) {
          throw TrainingErrors.error(TrainingErrors.TRAIN_NO_SEQUENCES, "epoch " + e + " of sequences holds no row");
        }
        e++;
        cursor = null;
        continue;
      }
      long partChunks = (got + chunkRows - 1) / chunkRows;
      parts.add(part.withColumn("epoch", lit(e))
          .withColumn("chunk", floor(col("rank_in_part").divide(chunkRows)).plus(chunkOffset))
          .withColumn("rank", col("rank_in_part").plus(count))
          // chunks hold a multiple of the worker count, so this deals every chunk out from worker 0
          .withColumn("worker", col("rank_in_part").mod(workers)));
      Row last = part.where(col("rank_in_part").equalTo(got - 1)).select("order_key", "seq_id").first();
      boolean exhausted = got < stepsLeft * chunkRows;
      count += got;
      chunkOffset += partChunks;
      stepsLeft -= partChunks;
      if (exhausted) {
        e++;
        cursor = null;
      } else {
        cursor = new EpochPosition(e, last.getLong(0), last.getString(1));
      }
    }
    Dataset<Row> all = null;
    for (Dataset<Row> p : parts) {
      Dataset<Row> selected = p.select("rank", "chunk", "epoch", "seq_id", "tokens", "loss_mask", "order_key",
          "worker");
      all = all == null ? selected : all.unionAll(selected);
    }
    return new RoundSlice(parts, all, count, chunkOffset, cursor, e, workers);
  }

  /** Rows in the round. */
  long count() {
    return count;
  }

  /** Inner steps the round's rows make (an epoch's last chunk is a whole step). */
  long chunks() {
    return chunks;
  }

  /** The global position after the round: null when it ended an epoch (the next round starts {@link #nextEpoch}). */
  EpochPosition position() {
    return position;
  }

  /** The epoch the next round reads. */
  int nextEpoch() {
    return nextEpoch;
  }

  /** Partition i holds worker i's rows. */
  JavaRDD<ShardRow> byWorker() {
    return rows.javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(7), new ShardRow(r.getLong(0), (int) r.getLong(1), r.getInt(2),
            r.getString(3), RowArrays.ints(r, 4), RowArrays.booleans(r, 5), r.getLong(6))))
        .partitionBy(new WorkerPartitioner(workers))
        .values();
  }

  @Override
  public void close() {
    parts.forEach(Dataset::unpersist);
  }
}
