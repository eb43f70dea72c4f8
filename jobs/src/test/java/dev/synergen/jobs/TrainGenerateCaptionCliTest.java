package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.artifact.TokenizerFiles;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.fixtures.TinyTokenizers;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vocab.PackedSample;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.awt.image.BufferedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synergen train}, {@code generate} and {@code caption} as users meet them: a tiny run on
 * hand-made sequences, PNGs and a caption from its output, and one-line errors for bad settings,
 * missing or tampered checkpoints, other tokenizers and unreadable images.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainGenerateCaptionCliTest {
  private static final String WORDS = "a red green blue circle square triangle above below left right small large";

  private Path dir;
  private Path tokenizers;
  private Path output;
  private String[] trained;

  private static String[] run(String... args) {
    return CliRun.of(args).parts();
  }

  @BeforeAll
  void trainATinyModel(@TempDir Path dir) throws Exception {
    this.dir = dir;
    tokenizers = TinyTokenizers.directory(dir.resolve("tokenizers"), 1, WORDS);
    VocabularyRemap remap = VocabularyRemap.load(tokenizers.resolve(TokenizerFiles.TEXT_REMAP));
    String vqVersion;
    try (VqTokenizer vq = VqTokenizer.load(tokenizers.resolve(TokenizerFiles.VQ_DIR))) {
      vqVersion = vq.version();
    }
    SequenceLayout layout = new SequenceLayout(new VocabularyLayout(remap.size(), 256));
    BpeTextTokenizer text = new BpeTextTokenizer(remap);
    SplittableRandom r = new SplittableRandom(3);
    String[] captions = {"a red circle", "a blue square above a green triangle", "a small yellow circle"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int[] codes = r.ints(64, 0, 256).toArray();
      int[] ids = text.encode(captions[i % 3]);
      PackedSample s = i % 2 == 0 ? layout.textToImage(ids, codes, false) : layout.imageToText(codes, ids);
      rows.add(RowFactory.create("seq-" + i, s.task(), s.tokens(), RowArrays.boxed(s.lossMask()), s.tokens().length, "train", 1.0, vqVersion,
          remap.version(), "pack-test"));
    }
    SparkSession spark = TestSpark.session();
    Lakehouse lakehouse = TestSpark.lakehouse(dir);
    DeltaTables.insertNew(spark, lakehouse, PipelineTables.SEQUENCES,
        spark.createDataFrame(rows, PipelineTables.SEQUENCES.schema()));
    output = dir.resolve("run");
    trained = run("train", "--master", "local[2]", "--lakehouse", lakehouse.root(), "--tokenizer",
        tokenizers.toString(), "--output", output.toString(), "--preset", "tiny", "--steps", "4", "--batch-size", "4",
        "--checkpoint-every", "4", "--log-every", "2", "--device", "cpu");
  }

  @Test
  void trainWritesCheckpointsThenGenerateAndCaptionUseTheNewest() throws Exception {
    assertEquals("0", trained[0], trained[2]);
    assertTrue(trained[1].contains("step 4/4 (epoch 2, round 1)  loss "), trained[1]);
    assertTrue(trained[1].contains("balance         ok"), trained[1]);
    assertTrue(trained[1].matches("(?s).*read  sequences +version 1\n.*"), trained[1]);
    assertTrue(Files.isRegularFile(output.resolve("step-0000004/model.safetensors")));

    Path png = dir.resolve("images/shape.png");
    String[] generated = run("generate", "--checkpoint", output.toString(), "--prompt", "a red circle", "--out",
        png.toString(), "--count", "2", "--seed", "5", "--top-k", "20", "--device", "cpu");
    assertEquals("0", generated[0], generated[2]);
    for (String name : List.of("shape-0.png", "shape-1.png")) {
      Path file = png.resolveSibling(name);
      assertTrue(generated[1].contains("wrote " + file + " (32x32)"), generated[1]);
      BufferedImage image = ImageIO.read(file.toFile());
      assertEquals(List.of(32, 32), List.of(image.getWidth(), image.getHeight()));
    }
    assertTrue(generated[1].contains("2 image(s) from " + output.resolve("step-0000004")), generated[1]);

    Path photo = dir.resolve("photo.jpg");
    Files.write(photo, TestImages.jpeg(90, 50));
    String[] caption = run("caption", "--checkpoint", output.resolve("step-0000004").toString(), "--image",
        photo.toString(), "--max-tokens", "5", "--device", "cpu");
    assertEquals("0", caption[0], caption[2]);
    assertEquals(1, caption[1].lines().count(), caption[1]);
    String[] sampled = run("caption", "--checkpoint", output.toString(), "--image", photo.toString(), "--sampled",
        "--seed", "9", "--max-tokens", "5", "--device", "cpu");
    assertEquals(sampled[1], run("caption", "--checkpoint", output.toString(), "--image", photo.toString(), "--sampled",
        "--seed", "9", "--max-tokens", "5", "--device", "cpu")[1], "a seed fixes the sampled caption");
  }

  @Test
  void badInputsAreOneLineErrorsThatNameTheThing() throws Exception {
    Path missing = dir.resolve("no-such-run");
    String[] r = run("generate", "--checkpoint", missing.toString(), "--prompt", "a red circle", "--out",
        dir.resolve("x.png").toString());
    assertEquals("1", r[0]);
    assertEquals("synergen generate: [CHECKPOINT_NOT_FOUND] checkpoint directory " + missing + " does not exist; pass"
        + " a step-NNNNNNN directory written by synergen train, or its output directory\n", r[2]);

    String[] usage = run("generate", "--prompt", "a red circle", "--out", "x.png");
    assertEquals("2", usage[0]);
    assertTrue(usage[2].contains("Missing required option: '--checkpoint=DIR'"), usage[2]);
    String[] notPng = run("generate", "--checkpoint", output.toString(), "--prompt", "a", "--out", "x.jpg");
    assertEquals("synergen generate: --out must name a .png file, got 'x.jpg'\n", notPng[2]);

    Path other = TinyTokenizers.directory(dir.resolve("other-tokenizers"), 2, WORDS);
    String[] mismatch = run("caption", "--checkpoint", output.toString(), "--image", "any.png", "--tokenizer",
        other.toString(), "--device", "cpu");
    assertEquals("1", mismatch[0]);
    assertTrue(mismatch[2].startsWith("synergen caption: [TOKENIZER_MISMATCH] checkpoint " + output.resolve(
        "step-0000004") + " was trained with text tokenizer bpe-cl100k_base-"), mismatch[2]);
    assertTrue(mismatch[2].contains("; pass the tokenizer directory the model was trained with"), mismatch[2]);

    Path text = dir.resolve("notes.png");
    Files.writeString(text, "a text file, not an image");
    String[] unreadable = run("caption", "--checkpoint", output.toString(), "--image", text.toString(), "--device",
        "cpu");
    assertTrue(unreadable[2].startsWith("synergen caption: [IMAGE_UNREADABLE] " + text + " is not a usable image:"
        + " NOT_AN_IMAGE: "), unreadable[2]);

    Path tampered = dir.resolve("tampered");
    Files.createDirectories(tampered);
    try (Stream<Path> files = Files.list(output.resolve("step-0000004"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, tampered.resolve(f.getFileName()));
      }
    }
    try (RandomAccessFile f = new RandomAccessFile(tampered.resolve("model.safetensors").toFile(), "rw")) {
      f.seek(f.length() - 1);
      int last = f.read();
      f.seek(f.length() - 1);
      f.write(last ^ 1);
    }
    String[] t = run("generate", "--checkpoint", tampered.toString(), "--prompt", "a red circle", "--out",
        dir.resolve("y.png").toString(), "--device", "cpu");
    assertTrue(t[2].startsWith("synergen generate: [ARTIFACT_TAMPERED] " + tampered.resolve("model.safetensors")
        + " has sha256 "), t[2]);

    String[] typo = run("train", "--tokenizer", "t", "--output", "o", "--steps", "3", "--conf", "train.bach_size=4");
    assertEquals("synergen train: [CONFIG_UNKNOWN_KEY] unknown config key 'train.bach_size' (from --conf), did you mean"
        + " 'train.batch_size'?\n", typo[2]);
    String[] stage = run("train", "--tokenizer", "t", "--output", "o", "--steps", "3", "--stage", "s3");
    assertEquals("synergen train: [CONFIG_BAD_VALUE] config key 'train.stage' (from command-line flag): expected one"
        + " of [s1, s2, sft, full, text], got 's3'\n", stage[2]);
  }
}
