package dev.synergen.eval.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.xxhash64;

import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import dev.synergen.core.spark.JobDescription;
import dev.synergen.tokenization.ingest.PairTask;
import dev.synergen.training.generate.SynerGenPipeline;
import dev.synergen.training.weights.Checkpoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every suite of one evaluation shares: the checkpoint (verified once), its tokenizers, the
 * eval run id, the Delta versions read (pinned at first read and recorded with every number), and
 * the Spark plumbing that runs inference per partition with the checkpoint loaded once per executor.
 */
public final class EvalContext {
  private final SparkSession spark;
  private final EvalConfig config;
  private final Checkpoint checkpoint;
  private final InferenceSpec inference;
  private final String evalRun;
  private final Map<String, Long> versions = new TreeMap<>();

  EvalContext(SparkSession spark, EvalConfig config, Checkpoint checkpoint, InferenceSpec inference, String evalRun) {
    this.spark = spark;
    this.config = config;
    this.checkpoint = checkpoint;
    this.inference = inference;
    this.evalRun = evalRun;
  }

  public SparkSession spark() {
    return spark;
  }

  public EvalConfig config() {
    return config;
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  public InferenceSpec inference() {
    return inference;
  }

  public String evalRun() {
    return evalRun;
  }

  /** The Delta versions read so far, by table. */
  public Map<String, Long> versions() {
    return Map.copyOf(versions);
  }

  /** Whether a pipeline table exists in the lakehouse. */
  public boolean exists(TableSpec table) {
    return DeltaTables.exists(spark, config.lakehouse(), table);
  }

  /** A table at the version this evaluation pinned for it (the current one at its first read). */
  public Dataset<Row> read(TableSpec table) {
    long v = versions.computeIfAbsent(table.name(), n -> DeltaTables.currentVersion(spark, config.lakehouse(), table));
    return DeltaTables.readAt(spark, config.lakehouse(), table, v);
  }

  /**
   * Up to {@code limit} held-out caption pairs of {@code raw_pairs} (split {@code eval.split}) in a
   * seeded order: {@code pair_id, image, caption, meta}. VQA pairs are left out: their text is a
   * question and its answer, no reference caption, and their image is the one of a caption pair.
   */
  public Dataset<Row> heldOutPairs(int limit) {
    return read(PipelineTables.RAW_PAIRS).where(col("split").equalTo(config.split()).and(not(PairTask.isVqa(col("meta")))))
        .withColumn("order_key", xxhash64(col("pair_id"), lit(config.seed())))
        .orderBy("order_key", "pair_id").limit(limit).select("pair_id", "image", "caption", "meta");
  }

  /** A dataset of one string column {@code value}: the items of a suite that are not table rows. */
  public Dataset<Row> items(List<String> values) {
    return spark.createDataset(values, Encoders.STRING()).toDF("value");
  }

  /** Runs {@code function} over the partitions of {@code items} in Spark tasks, each with the executor's pipeline. */
  public List<ItemResult> infer(String step, Dataset<Row> items, ItemFunction function) {
    int partitions = config.partitions() > 0 ? config.partitions()
        : Math.max(1, spark.sparkContext().defaultParallelism());
    InferenceSpec spec = inference;
    JavaRDD<String> results = items.repartition(partitions).javaRDD().mapPartitions((Iterator<Row> rows) -> {
      List<String> out = new ArrayList<>();
      if (!rows.hasNext()) {
        return out.iterator();
      }
      SynerGenPipeline pipeline = ExecutorPipelines.get(spec);
      synchronized (pipeline) {
        ExecutorPipelines.applyThreads();
        for (ItemResult r : function.apply(rows, pipeline)) {
          out.add(r.toJson());
        }
      }
      return out.iterator();
    });
    List<String> json;
    try (JobDescription d = JobDescription.within(spark, step)) {
      json = results.collect();
    }
    List<ItemResult> out = new ArrayList<>();
    json.forEach(j -> out.add(ItemResult.fromJson(j)));
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return out;
  }
}
