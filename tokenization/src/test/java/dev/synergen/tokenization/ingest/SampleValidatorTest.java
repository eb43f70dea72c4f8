package dev.synergen.tokenization.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.image.DecodedImage;
import dev.synergen.tokenization.image.ImageConfig;
import dev.synergen.tokenization.image.ImageDecoder;
import dev.synergen.tokenization.image.ImageNormalizer;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleValidatorTest {
  private final SampleValidator validator = new SampleValidator(new ValidationConfig(
      new ImageConfig(1_000_000, 32), CaptionConfig.defaults(), HashSplit.defaults()));

  private static SourceRecord record(byte[] image, String caption, String json) {
    return SourceRecord.sample("src", "k1", image, "jpg", caption == null ? null : caption.getBytes(StandardCharsets.UTF_8),
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAcceptedPairCarriesTheNormalisedImageCaptionHashAndSplit() throws Exception {
    IngestOutcome outcome = validator.validate(record(TestImages.jpeg(64, 48), "  a  gradient ", "{\"url\":\"x\"}"));
    RawPair pair = outcome.pair();
    assertNull(outcome.reject());
    assertEquals("src", pair.source());
    assertEquals("k1", pair.sourceKey());
    assertEquals("jpeg", pair.format());
    assertEquals(32, pair.width());
    assertEquals(24, pair.height());
    assertEquals(64, pair.sourceWidth());
    assertEquals(48, pair.sourceHeight());
    assertEquals("a gradient", pair.caption());
    assertEquals("{\"url\":\"x\"}", pair.metadata());
    DecodedImage stored = new ImageDecoder(ImageConfig.defaults()).decode(pair.image());
    assertEquals(pair.imageSha256(), ImageNormalizer.pixelHash(stored.rgb()));
    assertEquals(Sha256.hex(("synergen-pair-v1\n" + pair.imageSha256() + "\na gradient").getBytes(StandardCharsets.UTF_8)),
        pair.pairId());
    assertEquals(HashSplit.defaults().assign(pair.imageSha256()), pair.split());
  }

  @Test
  void theSameContentGetsTheSamePairIdFromAnySourceAndCaptionWhitespace() {
    RawPair a = validator.validate(record(TestImages.png(20, 20), "red  square", null)).pair();
    RawPair b = validator.validate(SourceRecord.sample("other", "zz", TestImages.bmp(20, 20), "bmp",
        "red square\n".getBytes(StandardCharsets.UTF_8), null)).pair();
    assertEquals(a.pairId(), b.pairId());
    RawPair c = validator.validate(record(TestImages.png(20, 20), "red squares", null)).pair();
    assertFalse(a.pairId().equals(c.pairId()));
    assertEquals(a.split(), c.split(), "one image, one split: captions of an image never straddle train and test");
  }

  @Test
  void aSplitGroupInTheMetadataHoldsOutEveryImageOfTheGroupTogether() {
    HashSplit half = new HashSplit(0.5, 0.5, 0.0);
    SampleValidator halves = new SampleValidator(new ValidationConfig(new ImageConfig(1_000_000, 32),
        CaptionConfig.defaults(), half));
    String group = "{\"split_group\":\"emoji:1F44B\"}";
    Set<String> splits = new HashSet<>();
    Set<String> byPixels = new HashSet<>();
    for (int size = 8; size < 40; size++) {
      RawPair pair = halves.validate(record(TestImages.png(size, size), "waving hand", group)).pair();
      splits.add(pair.split());
      byPixels.add(half.assign(pair.imageSha256()));
    }
    assertEquals(Set.of(half.assign(Sha256.hex("synergen-split-group-v1\nemoji:1F44B"
        .getBytes(StandardCharsets.UTF_8)))), splits, "32 images of one group, one split");
    assertEquals(Set.of("train", "val"), byPixels, "without the group they would straddle both");
  }

  @Test
  void aSplitGroupThatIsNotANonBlankStringIsMalformedMetadata() {
    for (String json : new String[] {"{\"split_group\":7}", "{\"split_group\":\" \"}",
        "{\"split_group\":[\"a\"]}", "{\"split_group\":\"" + "x".repeat(1_001) + "\"}"}) {
      RejectedRecord reject = validator.validate(record(TestImages.png(4, 4), "ok", json)).reject();
      assertEquals(RejectReason.MALFORMED_METADATA, reject.reason(), json);
      assertTrue(reject.detail().startsWith("json metadata field split_group must be a non-blank string"),
          reject.detail());
    }
  }

  @Test
  void aTaskInTheMetadataIsCaptionOrVqaAndAnythingElseIsMalformedMetadata() {
    for (String task : new String[] {"{\"task\":\"vqa\"}", "{\"task\":\"caption\"}"}) {
      assertTrue(validator.validate(record(TestImages.png(4, 4), "Is there a red circle in the image? yes", task))
          .isAccepted(), task);
    }
    for (String json : new String[] {"{\"task\":\"VQA\"}", "{\"task\":1}", "{\"task\":null}"}) {
      RejectedRecord reject = validator.validate(record(TestImages.png(4, 4), "ok", json)).reject();
      assertEquals(RejectReason.MALFORMED_METADATA, reject.reason(), json);
      assertTrue(reject.detail().startsWith("json metadata field task must be one of [caption, vqa], got "),
          reject.detail());
    }
  }

  @Test
  void checksRunInAFixedOrderSoTheReasonIsPredictable() {
    assertEquals(RejectReason.MISSING_IMAGE, validator.validate(record(null, null, null)).reject().reason());
    assertEquals(RejectReason.MISSING_CAPTION,
        validator.validate(record(BadInputFixtures.zeroBytes(), null, null)).reject().reason());
    assertEquals(RejectReason.MALFORMED_METADATA,
        validator.validate(record(BadInputFixtures.zeroBytes(), "", "[1]")).reject().reason());
    assertEquals(RejectReason.CAPTION_EMPTY,
        validator.validate(record(BadInputFixtures.zeroBytes(), "", "{}")).reject().reason());
    assertEquals(RejectReason.EMPTY_FILE,
        validator.validate(record(BadInputFixtures.zeroBytes(), "ok", "{}")).reject().reason());
  }

  @Test
  void metadataMustBeOneJsonObject() {
    RejectedRecord trailing = validator.validate(record(TestImages.png(4, 4), "ok", "{} {}")).reject();
    assertEquals(RejectReason.MALFORMED_METADATA, trailing.reason());
    RejectedRecord array = validator.validate(record(TestImages.png(4, 4), "ok", "[]")).reject();
    assertEquals("json metadata must be an object, got ARRAY", array.detail());
  }

  @Test
  void readerRefusalsPassThroughUnchanged() {
    IngestOutcome outcome = validator.validate(SourceRecord.rejected("s.tar", "", RejectReason.TRUNCATED_TAR, "cut"));
    assertEquals(new RejectedRecord("s.tar", "", RejectReason.TRUNCATED_TAR, "cut"), outcome.reject());
  }

  @Test
  void anOutcomeIsEitherAcceptedOrRejected() {
    assertThrows(IllegalArgumentException.class, () -> new IngestOutcome(null, null));
  }
}
