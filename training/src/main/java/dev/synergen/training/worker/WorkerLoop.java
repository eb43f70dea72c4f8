package dev.synergen.training.worker;

import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.optim.StepResult;
import dev.synergen.training.optim.TrainStep;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The inner loop of one training worker: cuts its shard's rows into batches and runs {@link
 * TrainStep} on them until a step budget is spent or the shard ends. The single-worker job calls
 * it once per round; a DiLoCo worker in a Spark barrier task (DESIGN section 7) can call it
 * between pseudo-gradient exchanges unchanged.
 *
 * <p>A row the model cannot take (ids outside its vocabulary, a broken image span, too long) is
 * handed to the sink as a reject and replaced by the next row; it never stops the loop.
 */
public final class WorkerLoop {
  /** Receives what the loop did, step by step. */
  public interface Sink {
    void onStep(StepReport report);

    void onReject(SequenceRow row, PipelineException reason);
  }

  /**
   * One step: the optimizer's result, the rows and image-text samples it trained on, the last row
   * taken from the shard (trained or rejected), i.e. where the shard continues, and the ids of the
   * batch's rows (what a replay of the step needs).
   */
  public record StepReport(StepResult result, int rows, int samples, SequenceRow last, List<String> seqIds) {}

  /**
   * Steps run, whether the shard ran out before the budget was spent, and the last row taken from
   * it (null when none was), which may be a rejected row after the last step's.
   */
  public record Outcome(long steps, boolean exhausted, SequenceRow last) {}

  private final TrainStep step;
  private final ModelConfig config;
  private final VocabularyLayout layout;
  private final int batchSize;

  public WorkerLoop(TrainStep step, ModelConfig config, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.step = step;
    this.config = config;
    this.layout = config.vocabulary();
    this.batchSize = batchSize;
  }

  /** Runs at most {@code budget} steps on rows of {@code shard}; a last, smaller batch ends a shard. */
  public Outcome run(Iterator<SequenceRow> shard, long budget, Sink sink) {
    long done = 0;
    SequenceRow[] last = new SequenceRow[1];
    while (done < budget) {
      List<SequenceRow> rows = new ArrayList<>(batchSize);
      SequenceBatch batch = fill(shard, rows, last, sink);
      if (batch == null) {
        return new Outcome(done, true, last[0]);
      }
      StepResult result = step.run(batch);
      int samples = 0;
      for (SequenceRow r : rows) {
        samples += r.samples(layout.bos());
      }
      done++;
      sink.onStep(new StepReport(result, rows.size(), samples, last[0],
          rows.stream().map(SequenceRow::seqId).toList()));
    }
    return new Outcome(done, !shard.hasNext(), last[0]);
  }

  /** Takes rows until {@code batchSize} of them form a valid batch; null when the shard is empty. */
  private SequenceBatch fill(Iterator<SequenceRow> shard, List<SequenceRow> rows, SequenceRow[] last, Sink sink) {
    while (true) {
      while (rows.size() < batchSize && shard.hasNext()) {
        SequenceRow r = shard.next();
        rows.add(r);
        last[0] = r;
      }
      if (rows.isEmpty()) {
        return null;
      }
      try {
        return build(rows);
      } catch (PipelineException batchError) {
        // a batch error names a row index; find every bad row on its own, so the rest still train
        int before = rows.size();
        rows.removeIf(r -> {
          try {
            build(List.of(r));
            return false;
          } catch (PipelineException rowError) {
            sink.onReject(r, rowError);
            return true;
          }
        });
        if (rows.size() == before) {
          throw batchError;
        }
      }
    }
  }

  private SequenceBatch build(List<SequenceRow> rows) {
    List<int[]> tokens = new ArrayList<>(rows.size());
    List<boolean[]> masks = new ArrayList<>(rows.size());
    for (SequenceRow r : rows) {
      tokens.add(r.tokens());
      masks.add(r.lossMask());
    }
    return SequenceBatch.of(config, layout, tokens, masks);
  }
}
