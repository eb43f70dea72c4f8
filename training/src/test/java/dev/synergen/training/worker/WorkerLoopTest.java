package dev.synergen.training.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelHarness;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.model.TestRows;
import dev.synergen.training.optim.LearningRateSchedule;
import dev.synergen.training.optim.TrainStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The worker's inner loop: budgets, shard ends, and rows the model cannot take. */
class WorkerLoopTest {
  private final ModelConfig config = ModelConfig.tiny(20);
  private final VocabularyLayout v = config.vocabulary();

  private List<SequenceRow> rows() {
    SplittableRandom r = new SplittableRandom(5);
    TestRows good = new TestRows(v);
    for (int i = 0; i < 5; i++) {
      good.t2i(new int[] {i, i + 1}, TestRows.randomCodes(r, 64, 256));
    }
    List<SequenceRow> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      out.add(new SequenceRow("good-" + i, good.tokens.get(i), good.masks.get(i), new EpochPosition(0, i * 10, "good-" + i)));
    }
    // an id past the unified vocabulary, and an image cut short: both rejected, neither stops the loop
    int[] outOfRange = good.tokens.get(0).clone();
    outOfRange[1] = v.size() + 3;
    out.add(1, new SequenceRow("bad-range", outOfRange, good.masks.get(0), new EpochPosition(0, 5, "bad-range")));
    int[] shortImage = java.util.Arrays.copyOf(good.tokens.get(1), 20);
    out.add(new SequenceRow("bad-image", shortImage, new boolean[20], new EpochPosition(0, 99, "bad-image")));
    return out;
  }

  /** Records what the loop reports. */
  private static final class Recorder implements WorkerLoop.Sink {
    final List<String> steps = new ArrayList<>();
    final List<String> rejects = new ArrayList<>();

    @Override
    public void onStep(WorkerLoop.StepReport report) {
      steps.add(report.rows() + " rows, " + report.samples() + " samples, last " + report.last().seqId());
    }

    @Override
    public void onReject(SequenceRow row, PipelineException reason) {
      rejects.add(row.seqId() + " " + reason.errorClass());
    }
  }

  @Test
  void badRowsAreRejectedAndReplacedAndTheShardEndsWithASmallerBatch() {
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 3, DataType.FLOAT32);
        AdamW adam = new AdamW(model.trainableParameters(), AdamWConfig.paper(), model.manager())) {
      WorkerLoop loop = new WorkerLoop(new TrainStep(model, adam, LearningRateSchedule.constant(1e-3)), config, 2);
      var shard = rows().iterator();
      Recorder sink = new Recorder();
      WorkerLoop.Outcome first = loop.run(shard, 1, sink);
      assertEquals(1, first.steps());
      assertEquals(false, first.exhausted());
      assertEquals("good-1", first.last().seqId());
      WorkerLoop.Outcome rest = loop.run(shard, 10, sink);
      assertEquals(2, rest.steps());
      assertTrue(rest.exhausted());
      assertEquals("bad-image", rest.last().seqId(), "the trailing reject is the last row taken");
      assertEquals(List.of("2 rows, 2 samples, last good-1", "2 rows, 2 samples, last good-3",
          "1 rows, 1 samples, last bad-image"), sink.steps);
      assertEquals(List.of("bad-range SEQUENCE_TOKEN_OUT_OF_RANGE", "bad-image SEQUENCE_IMAGE_INCOMPLETE"), sink.rejects);
      assertEquals(3, adam.steps());
    }
  }

  @Test
  void trailingPaddingWithoutLossIsDroppedAndNothingElse() {
    int pad = v.pad();
    SequenceRow row = SequenceRow.trimmed("s", new int[] {v.bos(), 3, v.eos(), pad, pad}, new boolean[] {false, true,
        true, false, false}, pad, null);
    assertEquals(3, row.tokens().length);
    SequenceRow kept = SequenceRow.trimmed("s", new int[] {v.bos(), pad, pad}, new boolean[] {false, false, true}, pad,
        null);
    assertEquals(3, kept.tokens().length, "a padded position with loss is data, not padding");
  }
}
