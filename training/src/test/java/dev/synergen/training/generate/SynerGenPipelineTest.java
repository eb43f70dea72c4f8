package dev.synergen.training.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.training.weights.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The inference facade: tokenizers from the checkpoint, seeded images, captions of any image, exact refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SynerGenPipelineTest {
  private Path tokenizers;
  private Path checkpoint;
  private Path dir;

  @BeforeAll
  void artifacts(@TempDir Path dir) throws Exception {
    this.dir = dir;
    tokenizers = TinyArtifacts.tokenizers(Files.createDirectories(dir.resolve("tok")), 1);
    checkpoint = TinyArtifacts.checkpoint(dir.resolve("ckpt"), tokenizers, true);
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void imagesAreSeededCaptionsTakeAnyImageAndCandidatesAreScored() throws Exception {
    try (SynerGenPipeline p = SynerGenPipeline.open(checkpoint, null, Device.cpu())) {
      GenerationConfig cfg = new GenerationConfig(7.5, new SamplingConfig(1.0, 50, 0.95), 42);
      List<BufferedImage> images = p.generateImage("a red circle", 2, cfg);
      assertEquals(2, images.size());
      assertEquals(List.of(32, 32), List.of(images.get(0).getWidth(), images.get(0).getHeight()));
      assertFalse(java.util.Arrays.equals(pixels(images.get(0)), pixels(images.get(1))), "each image has its own stream");
      BufferedImage again = p.generateImage("a red circle", 1, cfg).get(0);
      assertArrayEquals(pixels(images.get(0)), pixels(again), "the same seed gives the same first image");

      Path photo = dir.resolve("photo.jpg");
      Files.write(photo, TestImages.jpeg(100, 60));
      CaptionConfig greedy = CaptionConfig.greedy(6);
      String caption = p.caption(photo, greedy);
      assertEquals(caption, p.caption(photo, greedy));
      assertTrue(p.tokenizers().textTokenizer().encode(caption).length <= 6, caption);

      int[] codes = p.imageCodes(photo);
      assertEquals(64, codes.length);
      List<CandidateScore> scores = p.score(codes, "a", List.of("red circle", "blue"));
      assertEquals(2, scores.size());
      assertEquals(List.of(3, 2), List.of(scores.get(0).tokens(), scores.get(1).tokens()), "answer pieces plus EOS");
      assertTrue(scores.get(0).logLikelihood() < 0);
      // prompts about different images, each with its own candidates, in one batch score as each does alone
      int[] other = p.imageCodes(TestImages.gradient(48, 48));
      List<String> otherCandidates = List.of("blue", "green", "red circle");
      List<List<CandidateScore>> both = p.score(List.of(codes, other), List.of("a", "the"),
          List.of(List.of("red circle", "blue"), otherCandidates));
      List<CandidateScore> otherAlone = p.score(other, "the", otherCandidates);
      assertEquals(List.of(2, 3), List.of(both.get(0).size(), both.get(1).size()));
      for (int c = 0; c < 2; c++) {
        assertEquals(scores.get(c).logLikelihood(), both.get(0).get(c).logLikelihood(), 1e-4, "first image, candidate " + c);
      }
      for (int c = 0; c < 3; c++) {
        assertEquals(otherAlone.get(c).logLikelihood(), both.get(1).get(c).logLikelihood(), 1e-4,
            "second image, candidate " + c);
      }
      assertEquals("bpe-cl100k_base", p.metadata().textTokenizer().substring(0, 15));
    }
  }

  @Test
  void promptsGeneratedAsOneBatchGetTheImagesEachGetsAloneFromItsOwnSeed() throws Exception {
    try (SynerGenPipeline p = SynerGenPipeline.open(checkpoint, null, Device.cpu())) {
      SamplingConfig sampling = new SamplingConfig(1.0, 50, 0.95);
      List<String> prompts = List.of("a red circle", "a blue square above a green triangle", "red");
      List<GenerationConfig> cfgs = List.of(new GenerationConfig(7.5, sampling, 1), new GenerationConfig(7.5, sampling, 2),
          new GenerationConfig(7.5, sampling, 3));
      List<List<BufferedImage>> batched = p.generateImages(prompts, 2, cfgs);
      for (int i = 0; i < prompts.size(); i++) {
        List<BufferedImage> alone = p.generateImage(prompts.get(i), 2, cfgs.get(i));
        for (int k = 0; k < 2; k++) {
          assertArrayEquals(pixels(alone.get(k)), pixels(batched.get(i).get(k)), "prompt " + i + ", image " + k);
        }
      }
      assertFalse(java.util.Arrays.equals(pixels(batched.get(0).get(0)), pixels(batched.get(2).get(0))),
          "prompts and seeds of their own give images of their own");

      PipelineException mixed = assertThrows(PipelineException.class, () -> p.generateImages(prompts.subList(0, 2), 1,
          List.of(cfgs.get(0), new GenerationConfig(3.0, sampling, 2))));
      assertTrue(mixed.getMessage().contains("must share guidance and sampling"), mixed.getMessage());
    }
  }

  @Test
  void imagesCaptionedAsOneBatchGetTheGreedyCaptionEachGetsAlone() throws Exception {
    try (SynerGenPipeline p = SynerGenPipeline.open(checkpoint, null, Device.cpu())) {
      List<BufferedImage> images = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        BufferedImage image = new BufferedImage(40 + 10 * i, 32, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(80 * i, 255 - 70 * i, 40));
        g.fillOval(4 * i, 2, 20, 20 + i);
        g.dispose();
        images.add(image);
      }
      CaptionConfig greedy = CaptionConfig.greedy(6);
      List<String> batched = p.captions(images, greedy);
      assertEquals(3, batched.size());
      for (int i = 0; i < images.size(); i++) {
        assertEquals(p.caption(images.get(i), greedy), batched.get(i), "image " + i);
      }
    }
  }

  @Test
  void missingTamperedOrMismatchedArtifactsAreRefusedByName() throws Exception {
    Path missing = dir.resolve("nope");
    assertEquals("[CHECKPOINT_NOT_FOUND] checkpoint directory " + missing + " does not exist; pass a step-NNNNNNN"
        + " directory written by synergen train, or its output directory",
        assertThrows(PipelineException.class, () -> SynerGenPipeline.open(missing, null, Device.cpu())).getMessage());

    Path other = TinyArtifacts.tokenizers(Files.createDirectories(dir.resolve("other-tok")), 2);
    PipelineException mismatch = assertThrows(PipelineException.class,
        () -> SynerGenPipeline.open(checkpoint, other, Device.cpu()));
    assertEquals("TOKENIZER_MISMATCH", mismatch.errorClass());
    assertTrue(mismatch.getMessage().contains("checkpoint " + checkpoint + " was trained with text tokenizer bpe-"),
        mismatch.getMessage());

    Path bare = TinyArtifacts.checkpoint(dir.resolve("bare"), tokenizers, false);
    assertEquals("[TOKENIZER_UNKNOWN] checkpoint " + bare + " records no tokenizer (it was not written by synergen"
        + " train); pass the tokenizer directory with --tokenizer DIR",
        assertThrows(PipelineException.class, () -> SynerGenPipeline.open(bare, null, Device.cpu())).getMessage());
    try (SynerGenPipeline p = SynerGenPipeline.open(bare, tokenizers, Device.cpu())) {
      assertEquals(null, p.metadata());
    }

    Path tampered = TinyArtifacts.checkpoint(dir.resolve("tampered"), tokenizers, true);
    try (RandomAccessFile f = new RandomAccessFile(tampered.resolve(Checkpoint.WEIGHTS).toFile(), "rw")) {
      f.seek(f.length() - 3);
      f.write(0x7f);
    }
    PipelineException t = assertThrows(PipelineException.class,
        () -> SynerGenPipeline.open(tampered, null, Device.cpu()));
    assertEquals("ARTIFACT_TAMPERED", t.errorClass());

    try (SynerGenPipeline p = SynerGenPipeline.open(checkpoint, null, Device.cpu())) {
      Path text = dir.resolve("notes.png");
      Files.writeString(text, "not an image at all");
      assertEquals("[IMAGE_UNREADABLE] " + text + " is not a usable image: NOT_AN_IMAGE: ",
          assertThrows(PipelineException.class, () -> p.caption(text, CaptionConfig.greedy(3))).getMessage()
              .substring(0, ("[IMAGE_UNREADABLE] " + text + " is not a usable image: NOT_AN_IMAGE: ").length()));
      assertEquals("[MODEL_REQUEST_INVALID] the prompt is empty; describe the image to generate",
          assertThrows(PipelineException.class, () -> p.generateImage(" ", 1, GenerationConfig.defaults(0)))
              .getMessage());
    }
  }
}
