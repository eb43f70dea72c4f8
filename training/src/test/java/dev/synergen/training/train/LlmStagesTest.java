package dev.synergen.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.PipelineException;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.fixtures.TinyLlmTokenizer;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.pack.PackConfig;
import dev.synergen.tokenization.pack.PackJob;
import dev.synergen.tokenization.pack.TextPackJob;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.textcorpus.TextFormat;
import dev.synergen.tokenization.textcorpus.TextIngestConfig;
import dev.synergen.tokenization.textcorpus.TextIngestJob;
import dev.synergen.tokenization.tokenize.TokenizeJob;
import dev.synergen.tokenization.train.TokenizerTrainJob;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTrainingConfig;
import dev.synergen.training.TrainingErrors;
import dev.synergen.training.generate.CaptionConfig;
import dev.synergen.training.generate.SynerGenPipeline;
import dev.synergen.training.model.ModelParameter;
import dev.synergen.training.model.ParameterGroup;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.weights.Checkpoint;
import dev.synergen.training.weights.LlamaImport;
import dev.synergen.training.weights.LlmDirectory;
import dev.synergen.training.weights.TinyLlama;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pretrained-LLM path end to end on a tiny Llama the test writes: tokenizer-train --llm puts
 * its tokenizer in the tokenizer directory, tokenize and pack write the LLM's own text ids, S1
 * from --init-llama trains the new parts only, and inference decodes with the LLM's tokenizer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LlmStagesTest {
  private final SparkSession spark = TestSpark.session();
  private Path root;
  private Lakehouse lakehouse;
  private Path llm;
  private Path tokenizers;
  private List<String> captions;

  @BeforeAll
  void pipeline(@TempDir Path dir) throws Exception {
    root = dir;
    lakehouse = TestSpark.lakehouse(dir);
    Path shards = dir.resolve("shards");
    ShapesJob.run(spark, new ShapesCorpusConfig(shards, 1, 32, 16, ShapesWorldConfig.defaults()),
        RunId.create("shapes"));
    IngestJob.run(spark, lakehouse, IngestConfig.of(null, shards.toString()), RunId.create("ingest"));
    captions = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).select("caption").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    llm = dir.resolve("llm");
    TinyLlama.write(llm, 7, false, captions.toArray(String[]::new));
    tokenizers = dir.resolve("tokenizers");
    TokenizerTrainJob.run(spark, new TokenizerTrainJob.Config(lakehouse, tokenizers.toString(), VqConfig.tiny(),
        VqTrainingConfig.defaults(4, 1), 8, 100, -1, 8, 1, "cl100k_base", 400, 0, FaultPlan.none(), llm.toString()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String vq = TokenizerFiles.vqDir(tokenizers.toString());
    String text = TokenizerFiles.textTokenizer(tokenizers.toString());
    TokenizeJob.run(spark, new TokenizeJob.Config(lakehouse, vq, text, 16, "cpu"));
    PackJob.run(spark, new PackConfig(lakehouse, vq, text, 128, 0.5, 0.1, "pad", 4, 3));
    // the text corpus of the text stage: the captions as plain-text documents, in windows of 8 tokens
    Path docs = java.nio.file.Files.write(dir.resolve("docs.txt"), captions);
    TextIngestJob.run(spark, lakehouse, TextIngestConfig.of(TextFormat.LINES, docs.toString()),
        RunId.create("ingest-text"));
    TextPackJob.run(spark, new PackConfig(lakehouse, vq, text, 8, 0.5, 0.1, "pad", 4, 3));
  }

  private TrainConfig.Builder s1() {
    return TrainConfig.builder(lakehouse).tokenizerDir(tokenizers.toString()).preset("tiny").stage(TrainStage.S1)
        .steps(4).batchSize(4).learningRate(1e-2).warmupSteps(0).seed(3).initLlama(llm.toString())
        .checkpointEvery(4).innerSteps(4).logEvery(1).device("cpu");
  }

  @Test
  void tokenizeAndPackWriteTheLlmsOwnTextIds() throws Exception {
    String version = LlmDirectory.open(llm).tokenizer().version();
    List<String> words = TinyLlmTokenizer.vocabulary(300, captions.toArray(String[]::new));
    var row = DeltaTables.read(spark, lakehouse, PipelineTables.TOKENIZED_PAIRS).join(
        DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS).select("pair_id", "caption"), "pair_id")
        .orderBy("pair_id").first();
    int[] ids = RowArrays.ints(row, row.fieldIndex("text_ids"));
    assertArrayEquals(TinyLlmTokenizer.pieces(row.getAs("caption")).stream().mapToInt(words::indexOf).toArray(), ids);
    assertEquals(version, row.getAs("text_tokenizer"));
    long packed = DeltaTables.read(spark, lakehouse, PipelineTables.SEQUENCES)
        .where("text_tokenizer = '" + version + "'").count();
    assertTrue(packed > 0, "sequences are packed with the LLM tokenizer's version");
  }

  @Test
  void stageS1FromTheImportedLlmTrainsOnlyWhatTheLlmDidNotHave() throws Exception {
    Path out = root.resolve("s1");
    TrainJob.run(spark, s1().outputDir(out.toString()).build(), RunId.create(TrainJob.JOB),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Checkpoint ckpt = Checkpoint.open(out);
    assertTrue(ckpt.metadata().textTokenizer().startsWith("hf-"), ckpt.metadata().textTokenizer());
    LlmDirectory source = LlmDirectory.open(llm);
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel trained = ckpt.load(manager);
        SynerGenModel imported = LlamaImport.load(source, trained.config(), manager, 3)) {
      Set<String> changed = new HashSet<>();
      for (ModelParameter p : trained.parameters()) {
        boolean same = Arrays.equals(p.toFloats(), imported.parameter(p.name()).toFloats());
        if (p.group() != ParameterGroup.IMAGE) {
          assertTrue(same, p.name() + " of the LLM changed in S1");
        } else if (!same) {
          changed.add(p.name());
        }
      }
      assertTrue(changed.containsAll(List.of("special_embed.weight", "special_head.weight")), changed.toString());
    }

    try (SynerGenPipeline pipeline = SynerGenPipeline.open(out, null, Device.cpu())) {
      String caption = pipeline.caption(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), CaptionConfig.greedy(6));
      List<String> vocabulary = TinyLlmTokenizer.vocabulary(300, captions.toArray(String[]::new));
      for (String word : caption.split(" ")) {
        assertTrue(word.isEmpty() || vocabulary.contains(word), "'" + word + "' of '" + caption
            + "' is decoded by the LLM's tokenizer");
      }
    }
  }

  @Test
  void theTextStageTrainsTheLanguagePathOnTextOnlySequences() throws Exception {
    Path out = root.resolve("text");
    TrainJob.run(spark, s1().stage(TrainStage.TEXT).outputDir(out.toString()).build(), RunId.create(TrainJob.JOB),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Checkpoint ckpt = Checkpoint.open(out);
    assertEquals("text", ckpt.metadata().stage());
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel trained = ckpt.load(manager);
        SynerGenModel imported = LlamaImport.load(LlmDirectory.open(llm), trained.config(), manager, 3)) {
      for (String name : List.of("text_embed.weight", "lm_head.weight")) {
        assertFalse(Arrays.equals(trained.parameter(name).toFloats(), imported.parameter(name).toFloats()),
            name + " is trained by the text stage");
      }
    }
  }

  @Test
  void anLlmWhoseTokenizerTheSequencesWereNotPackedWithIsRefused() throws Exception {
    Path other = root.resolve("other-llm");
    TinyLlama.write(other, 8, false, "a different vocabulary altogether");
    PipelineException e = assertThrows(PipelineException.class, () -> TrainJob.run(spark,
        s1().initLlama(other.toString()).outputDir(root.resolve("refused").toString()).build(),
        RunId.create(TrainJob.JOB), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertEquals(TrainingErrors.TOKENIZER_MISMATCH.code(), e.errorClass());
    assertTrue(e.getMessage().contains("run synergen tokenizer-train --llm " + other), e.getMessage());
    assertFalse(root.resolve("refused").resolve("LATEST.json").toFile().exists());
  }
}
