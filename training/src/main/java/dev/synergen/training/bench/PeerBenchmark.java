package dev.synergen.training.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.nn.AdamW;
import dev.synergen.tokenization.nn.AdamWConfig;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.SequenceBatch;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.optim.LearningRateSchedule;
import dev.synergen.training.optim.StepResult;
import dev.synergen.training.optim.TrainStep;
import dev.synergen.training.train.SequenceSource;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.TokenizerDir;
import dev.synergen.training.worker.SequenceRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code synergen bench peer}: trains the model on rows of {@code sequences} with DJL and writes
 * what a peer implementation needs to replay the same run (bench/pytorch-peer): the config, the
 * initial weights (safetensors), every step's prepared batch, and DJL's per-step losses and times.
 */
public final class PeerBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Steps left out of the speed figures: the first steps pay for allocation and JIT. */
  static final int WARMUP_STEPS = 2;

  private PeerBenchmark() {}

  /** @param threads libtorch intra-op threads; 0 = all cores */
  public record Options(Lakehouse lakehouse, Path tokenizerDir, String preset, int batchSize, int steps,
      double learningRate, long seed, int threads, Path out) {
    public Options {
      if (batchSize < 1 || steps <= WARMUP_STEPS || !(learningRate > 0) || threads < 0) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "bench peer needs --batch >= 1, --steps > "
            + WARMUP_STEPS + ", --lr > 0 and --threads >= 0; got " + batchSize + ", " + steps + ", " + learningRate
            + ", " + threads);
      }
    }
  }

  public static ObjectNode run(SparkSession spark, Options o, PrintStream log) throws IOException {
    Files.createDirectories(o.out());
    try (TokenizerDir t = TokenizerDir.open(o.tokenizerDir())) {
      ModelConfig config = t.preset(o.preset());
      SequenceSource train = SequenceSource.open(spark, o.lakehouse(), null, "train", Double.NEGATIVE_INFINITY,
          t.imageVersion(), t.textVersion(), t.layout().pad());
      List<SequenceBatch> batches = batches(train.epoch(0, o.seed(), null), config, o);
      writeBatches(batches, o.out().resolve("batches.jsonl"));
      if (o.threads() > 0) {
        JniUtils.setNumThreads(o.threads());
      }
      ObjectNode report = JSON.createObjectNode();
      report.put("implementation", "DJL " + ai.djl.engine.Engine.getDjlVersion() + " (libtorch "
          + ai.djl.engine.Engine.getInstance().getVersion() + ")");
      report.put("threads", JniUtils.getNumThreads());
      try (NDManager manager = NDManager.newBaseManager();
          SynerGenModel model = SynerGenModel.create(config).initialize(manager, o.seed());
          AdamW adam = new AdamW(model.trainableParameters(), AdamWConfig.paper(), model.manager())) {
        writeSetup(model, o);
        report.put("matmul_gflops_1024", ModelBenchmark.matmulGflops(manager, 1024));
        TrainStep step = new TrainStep(model, adam, LearningRateSchedule.constant(o.learningRate()));
        ArrayNode steps = report.putArray("steps");
        for (SequenceBatch batch : batches) {
          StepResult r = step.run(batch);
          steps.addObject().put("loss", r.totalLoss()).put("text_loss", r.textLoss()).put("image_loss", r.imageLoss())
              .put("grad_norm", r.gradientNorm()).put("ms", r.millis()).put("tokens", r.unfoldedTokens());
          log.printf(Locale.ROOT, "DJL step %d/%d loss %.4f (text %.4f, image %.4f) %.0f ms%n", r.step() + 1,
              batches.size(), r.totalLoss(), r.textLoss(), r.imageLoss(), r.millis());
        }
        summarise(report);
      }
      AtomicFiles.writeString(o.out().resolve("djl.json"), report.toPrettyString());
      return report;
    }
  }

  private static List<SequenceBatch> batches(Iterator<SequenceRow> rows, ModelConfig config, Options o) {
    List<SequenceBatch> out = new ArrayList<>();
    while (out.size() < o.steps()) {
      List<int[]> tokens = new ArrayList<>();
      List<boolean[]> masks = new ArrayList<>();
      while (tokens.size() < o.batchSize() && rows.hasNext()) {
        SequenceRow r = rows.next();
        tokens.add(r.tokens());
        masks.add(r.lossMask());
      }
      if (tokens.size() < o.batchSize()) {
        throw TrainingErrors.error(TrainingErrors.MODEL_REQUEST_INVALID, "the train split of sequences holds "
            + (out.size() * o.batchSize() + tokens.size()) + " rows; --steps x --batch needs "
            + (long) o.steps() * o.batchSize());
      }
      out.add(SequenceBatch.of(config, config.vocabulary(), tokens, masks));
    }
    return out;
  }

  private static void writeBatches(List<SequenceBatch> batches, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
      for (SequenceBatch b : batches) {
        w.write(JSON.writeValueAsString(b.arrays()));
        w.write('\n');
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The initial weights, the model config and the training settings: what the peer starts from. */
  private static void writeSetup(SynerGenModel model, Options o) throws IOException {
    Checkpoint.writeWeights(model, o.out().resolve("init.safetensors"), Map.of());
    ObjectNode setup = JSON.createObjectNode();
    setup.set("model", JSON.readTree(model.config().toJson()));
    setup.put("special_tokens", model.config().vocabulary().specialCount());
    setup.put("image_loss_weight", SynerGenModel.DEFAULT_IMAGE_LOSS_WEIGHT);
    setup.put("clip_norm", 1.0);
    setup.put("lr", o.learningRate());
    AdamWConfig adam = AdamWConfig.paper();
    setup.put("beta1", adam.beta1()).put("beta2", adam.beta2()).put("eps", adam.eps())
        .put("weight_decay", adam.weightDecay());
    setup.put("batch", o.batchSize());
    setup.put("steps", o.steps());
    setup.put("warmup_steps", WARMUP_STEPS);
    AtomicFiles.writeString(o.out().resolve("setup.json"), setup.toPrettyString());
  }

  /** Median step time and tokens/s over the steps after the warm-up. */
  static void summarise(ObjectNode report) {
    ArrayNode steps = (ArrayNode) report.get("steps");
    double[] ms = new double[steps.size() - WARMUP_STEPS];
    long tokens = 0;
    double seconds = 0;
    for (int i = WARMUP_STEPS; i < steps.size(); i++) {
      ms[i - WARMUP_STEPS] = steps.get(i).get("ms").asDouble();
      tokens += steps.get(i).get("tokens").asLong();
      seconds += steps.get(i).get("ms").asDouble() / 1000;
    }
    Arrays.sort(ms);
    report.put("ms_per_step_median", ms[ms.length / 2]);
    report.put("tokens_per_s", tokens / seconds);
    report.put("final_loss", steps.get(steps.size() - 1).get("loss").asDouble());
  }
}
