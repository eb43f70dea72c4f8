package dev.synergen.training.train;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.pack.PackConfig;
import dev.synergen.tokenization.pack.PackJob;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.tokenize.TokenizeJob;
import dev.synergen.tokenization.train.TokenizerTrainJob;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The demo path of ShapesToSequencesTest at the tiny size (shapes -> ingest -> tokenizer-train ->
 * tokenize -> pack), run once per test class: a lakehouse with a {@code sequences} table and the
 * tokenizer directory it was packed with. The VQ tokenizer trains 4 steps without k-means or a
 * held-out report: its codes only need to be consistent, not good.
 */
public record TinyPipeline(Lakehouse lakehouse, Path tokenizers, long sequencesVersion, long trainRows) {

  public static TinyPipeline build(SparkSession spark, Path dir, int scenes) {
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    Path shards = dir.resolve("shards");
    ShapesJob.run(spark, new ShapesCorpusConfig(shards, 1, scenes, 16, ShapesWorldConfig.defaults()),
        RunId.create("shapes"));
    IngestJob.run(spark, lakehouse, IngestConfig.of(null, shards.toString()), RunId.create("ingest"));
    Path tokenizers = dir.resolve("tokenizers");
    TokenizerTrainJob.run(spark, new TokenizerTrainJob.Config(lakehouse, tokenizers.toString(), VqConfig.tiny(),
        VqTrainingConfig.defaults(4, 1), 8, 100, -1, 8, 1, "cl100k_base", 400, 0),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String vq = tokenizers.resolve(TokenizerFiles.VQ_DIR).toString();
    String remap = tokenizers.resolve(TokenizerFiles.TEXT_REMAP).toString();
    TokenizeJob.run(spark, new TokenizeJob.Config(lakehouse, vq, remap, 16, "cpu"));
    JobSummary pack = PackJob.run(spark, new PackConfig(lakehouse, vq, remap, 128, 0.5, 0.1, "pad", 4, 3));
    long version = DeltaTables.currentVersion(spark, lakehouse, PipelineTables.SEQUENCES);
    long train = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES).where("split = 'train'").count();
    if (pack.accepted() < scenes / 2) {
      throw new IllegalStateException("the tiny pipeline packed only " + pack.accepted() + " of " + scenes + " pairs");
    }
    return new TinyPipeline(lakehouse, tokenizers, version, train);
  }
}
