package dev.synergen.tokenization.ingest;

import static dev.synergen.tokenization.ingest.ReaderAssertions.ACCEPTED;
import static dev.synergen.tokenization.ingest.ReaderAssertions.validate;
import static dev.synergen.tokenization.ingest.ReaderAssertions.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TarBuilder;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.image.ImageConfig;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 3's bad-input fixture set in one WebDataset shard: each case gets its exact reason, all else is accepted. */
class BadInputShardTest {
  private static final int MAX_CAPTION = 200;
  private static final SampleValidator VALIDATOR = new SampleValidator(new ValidationConfig(
      new ImageConfig(ImageConfig.DEFAULT_MAX_PIXELS, 64), new CaptionConfig(1, MAX_CAPTION), HashSplit.defaults()));
  private static final ReaderLimits LIMITS = new ReaderLimits(1 << 20);

  private static List<IngestOutcome> ingest(byte[] shard) {
    return validate(new WebDatasetShardReader("bad.tar", new ByteArrayInputStream(shard), LIMITS), VALIDATOR);
  }

  private static TarBuilder sample(TarBuilder tar, String key, String imageExtension, byte[] image, String caption) {
    return tar.file(key + "." + imageExtension, image).text(key + ".txt", caption);
  }

  @Test
  void eachBadInputGetsItsReasonAndEveryOtherRecordIsAccepted() {
    TarBuilder tar = new TarBuilder();
    sample(tar, "good-first", "png", TestImages.png(32, 24), "a gradient");
    sample(tar, "zero-byte", "jpg", BadInputFixtures.zeroBytes(), "nothing");
    sample(tar, "truncated-jpeg", "jpg", BadInputFixtures.truncatedJpeg(), "cut");
    sample(tar, "truncated-png", "png", BadInputFixtures.truncatedPng(), "cut");
    sample(tar, "not-an-image", "jpg", BadInputFixtures.notAnImage(), "html");
    sample(tar, "png-100000x100000", "png", BadInputFixtures.pngDeclaring(100_000, 100_000), "bomb");
    sample(tar, "tiff", "tif", TestImages.tiffHeader(), "tiff");
    sample(tar, "cmyk-jpeg", "jpg", TestImages.cmykJpeg(16, 16, 0, 255, 255, 0), "red ink");
    sample(tar, "ycck-jpeg", "jpg", TestImages.ycckJpeg(16, 16, 0, 255, 255, 0), "red ink again");
    sample(tar, "png-16bit", "png", TestImages.rgb16Png(8, 8, 65535, 32896, 0), "orange");
    sample(tar, "png-grey", "png", TestImages.greyPng(8, 8), "grey ramp");
    sample(tar, "png-alpha", "png", TestImages.rgbaPng(8, 8, 0, 0, 255, 128), "half blue");
    sample(tar, "png-palette", "png", TestImages.palettePng(8, 8), "red and nothing");
    sample(tar, "gif", "gif", TestImages.gif(8, 8), "a gif");
    sample(tar, "bmp", "bmp", TestImages.bmp(8, 8), "a bitmap");
    sample(tar, "webp", "webp", TestImages.webpLossy(), "a grey dot");
    tar.file("missing-caption.png", TestImages.png(8, 8));
    tar.text("missing-image.txt", "a caption without its image");
    tar.file("caption-bad-utf8.png", TestImages.png(8, 9)).file("caption-bad-utf8.txt", BadInputFixtures.captionInvalidUtf8());
    tar.file("caption-empty.png", TestImages.png(8, 10)).file("caption-empty.txt", BadInputFixtures.captionBlank());
    tar.file("caption-too-long.png", TestImages.png(8, 11))
        .file("caption-too-long.txt", BadInputFixtures.captionOfLength(MAX_CAPTION + 1));
    sample(tar, "caption-control", "png", TestImages.png(8, 12), "red\u001b[0m");
    tar.file("../../etc/x", BadInputFixtures.utf8("root::0:0"));
    sample(tar, "bad-json", "png", TestImages.png(8, 13), "fine caption").text("bad-json.json", "{\"unterminated\": ");
    sample(tar, "two-images", "png", TestImages.png(8, 14), "two").file("two-images.jpg", TestImages.jpeg(8, 8));
    sample(tar, "huge-member", "png", new byte[(1 << 20) + 1], "too big");
    sample(tar, "good-last", "jpg", TestImages.jpeg(100, 50), "a downscaled gradient");

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("good-first", ACCEPTED);
    expected.put("zero-byte", "EMPTY_FILE");
    expected.put("truncated-jpeg", "TRUNCATED_IMAGE");
    expected.put("truncated-png", "TRUNCATED_IMAGE");
    expected.put("not-an-image", "NOT_AN_IMAGE");
    expected.put("png-100000x100000", "IMAGE_TOO_LARGE");
    expected.put("tiff", "UNSUPPORTED_FORMAT");
    expected.put("cmyk-jpeg", ACCEPTED);
    expected.put("ycck-jpeg", ACCEPTED);
    expected.put("png-16bit", ACCEPTED);
    expected.put("png-grey", ACCEPTED);
    expected.put("png-alpha", ACCEPTED);
    expected.put("png-palette", ACCEPTED);
    expected.put("gif", ACCEPTED);
    expected.put("bmp", ACCEPTED);
    expected.put("webp", ACCEPTED);
    expected.put("missing-caption", "MISSING_CAPTION");
    expected.put("missing-image", "MISSING_IMAGE");
    expected.put("caption-bad-utf8", "CAPTION_BAD_UTF8");
    expected.put("caption-empty", "CAPTION_EMPTY");
    expected.put("caption-too-long", "CAPTION_TOO_LONG");
    expected.put("caption-control", "CAPTION_CONTROL_CHARACTER");
    expected.put("../../etc/x", "UNSAFE_PATH");
    expected.put("bad-json", "MALFORMED_METADATA");
    expected.put("two-images", "DUPLICATE_MEMBER");
    expected.put("huge-member", "FILE_TOO_LARGE");
    expected.put("good-last", ACCEPTED);

    List<IngestOutcome> outcomes = ingest(tar.build());
    assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(verdicts(outcomes)));
    assertEquals(expected.size(), outcomes.size(), "accepted + rejected = input");
  }

  @Test
  void aTruncatedShardKeepsItsCompleteSamplesAndReportsOneTruncatedTar() {
    TarBuilder tar = new TarBuilder();
    for (int i = 0; i < 4; i++) {
      sample(tar, "sample-" + i, "png", TestImages.png(10 + i, 10), "gradient " + i);
    }
    byte[] full = tar.build();
    byte[] cut = TarBuilder.truncate(full, full.length - 1024 - 700); // inside the header of the last caption entry
    Map<String, String> expected = Map.of("sample-0", ACCEPTED, "sample-1", ACCEPTED, "sample-2", ACCEPTED,
        "", "TRUNCATED_TAR");
    assertEquals(expected, verdicts(ingest(cut)));
  }
}
