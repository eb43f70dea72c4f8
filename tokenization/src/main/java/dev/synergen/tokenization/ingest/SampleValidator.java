package dev.synergen.tokenization.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.image.ImageNormalizer;
import dev.synergen.tokenization.image.NormalizedImage;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.reject.RejectedException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Validates and normalises one {@link SourceRecord} into a {@link RawPair} or a reject.
 *
 * <p>A pair's split is drawn from the hash of its pixels, so the captions of one image never
 * straddle train and test; metadata with a string {@value #SPLIT_GROUP} draws it from that group
 * instead, so near-duplicates a corpus knows of (one emoji drawn by two vendors, its skin tones)
 * are held out together.
 *
 * <p>Checks run cheapest first, so a record with several problems reports the first of: reader
 * refusal, missing image, missing caption, malformed metadata, caption problems, image problems.
 * Instances hold only immutable configuration and may be shared between threads.
 */
public final class SampleValidator {
  /** The metadata field whose string value, when present, decides the split instead of the pixels. */
  public static final String SPLIT_GROUP = "split_group";
  private static final int MAX_SPLIT_GROUP_CHARS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final CaptionValidator captions;
  private final ImageNormalizer images;
  private final HashSplit split;

  public SampleValidator(ValidationConfig config) {
    Objects.requireNonNull(config, "config");
    this.captions = new CaptionValidator(config.caption());
    this.images = new ImageNormalizer(config.image(), config.faults());
    this.split = config.split();
  }

  public IngestOutcome validate(SourceRecord record) {
    if (record.isRejected()) {
      return IngestOutcome.rejected(record.source(), record.sourceKey(), record.readerError());
    }
    try {
      return IngestOutcome.accepted(accept(record));
    } catch (RejectedException e) {
      return IngestOutcome.rejected(record.source(), record.sourceKey(), e.rejection());
    }
  }

  private RawPair accept(SourceRecord record) throws RejectedException {
    if (record.image() == null) {
      throw new RejectedException(RejectReason.MISSING_IMAGE, "sample '" + record.sourceKey()
          + "' has no image member (expected one of " + String.join(", ", MemberKind.IMAGE_EXTENSIONS.stream().sorted().toList())
          + ")");
    }
    if (record.caption() == null) {
      throw new RejectedException(RejectReason.MISSING_CAPTION, "sample '" + record.sourceKey()
          + "' has no caption member (expected " + record.sourceKey() + ".txt)");
    }
    Metadata metadata = record.metadata() == null ? null : validMetadata(record.metadata());
    String caption = captions.validate(record.caption());
    NormalizedImage image = images.normalize(record.image());
    String splitKey = metadata == null || metadata.splitGroup() == null ? image.imageSha256()
        : Sha256.hex(("synergen-split-group-v1\n" + metadata.splitGroup()).getBytes(StandardCharsets.UTF_8));
    return new RawPair(PairId.of(image.imageSha256(), caption), record.source(), record.sourceKey(), image.png(),
        image.format().columnValue(), image.width(), image.height(), image.sourceWidth(), image.sourceHeight(),
        caption, split.assign(splitKey), image.imageSha256(), metadata == null ? null : metadata.text());
  }

  private record Metadata(String text, String splitGroup) {}

  private static Metadata validMetadata(byte[] bytes) throws RejectedException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RejectedException(RejectReason.MALFORMED_METADATA, "json metadata is not valid UTF-8");
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // a nesting or length limit of the parser reports no location
      throw new RejectedException(RejectReason.MALFORMED_METADATA, "json metadata does not parse: "
          + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at " + e.getLocation().offsetDescription()));
    }
    if (node == null || !node.isObject()) {
      throw new RejectedException(RejectReason.MALFORMED_METADATA, "json metadata must be an object, got "
          + (node == null ? "nothing" : node.getNodeType()));
    }
    String lone = loneSurrogate(node);
    if (lone != null) {
      throw new RejectedException(RejectReason.MALFORMED_METADATA, "json metadata holds an unpaired surrogate escape"
          + " in " + lone + "; such a string has no UTF-8 encoding");
    }
    JsonNode task = node.get(PairTask.FIELD);
    if (task != null && !(task.isTextual() && PairTask.VALUES.contains(task.textValue()))) {
      throw new RejectedException(RejectReason.MALFORMED_METADATA, "json metadata field " + PairTask.FIELD
          + " must be one of " + PairTask.VALUES + ", got " + (task.isTextual() ? "'" + abbreviate(task.textValue())
          + "'" : task.getNodeType()));
    }
    return new Metadata(text, splitGroup(node.get(SPLIT_GROUP)));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static String splitGroup(JsonNode group) throws RejectedException {
    if (group == null) {
      return null;
    }
    if (!group.isTextual() || group.textValue().isBlank() || group.textValue().length() > MAX_SPLIT_GROUP_CHARS) {
      throw new RejectedException(RejectReason.MALFORMED_METADATA, "json metadata field " + SPLIT_GROUP
          + " must be a non-blank string of at most " + MAX_SPLIT_GROUP_CHARS + " characters, got "
          + (group.isTextual() ? "a string of " + group.textValue().length() + " characters" : group.getNodeType()));
    }
    return group.textValue();
  }

  /** Where a \\uD800-style escape decoded to half a surrogate pair (a key or string value), or null. */
  private static String loneSurrogate(JsonNode node) {
    if (node.isTextual()) {
      return hasLoneSurrogate(node.textValue()) ? "a string value" : null;
    }
    for (var it = node.fields(); it.hasNext(); ) {
      var field = it.next();
      if (hasLoneSurrogate(field.getKey())) {
        return "a key";
      }
      String inside = loneSurrogate(field.getValue());
      if (inside != null) {
        return inside;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        String inside = loneSurrogate(element);
        if (inside != null) {
          return inside;
        }
      }
    }
    return null;
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
