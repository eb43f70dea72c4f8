package dev.synergen.tokenization.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses a COCO-style captions file ({@code images: [{id, file_name}]},
 * {@code annotations: [{id, image_id, caption}]}) into an index of images with their captions.
 *
 * <p>The file is streamed element by element (COCO train captions are ~90 MB); entries that
 * cannot be used become rejected records in {@link CocoIndex#problems()} so that every
 * annotation is accounted for.
 */
public final class CocoCaptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CocoCaptions() {}

  /** One caption of an image. */
  public record CocoCaption(long id, String text) {}

  /** One image with its captions, sorted by annotation id. */
  public record CocoImage(long id, String fileName, List<CocoCaption> captions) {
    public CocoImage {
      captions = List.copyOf(captions);
    }
  }

  /**
   * The usable images (sorted by id) and the refused entries.
   *
   * @param source the annotations file
   */
  public record CocoIndex(String source, List<CocoImage> images, List<SourceRecord> problems) {
    public CocoIndex {
      images = List.copyOf(images);
      problems = List.copyOf(problems);
    }
  }

  public static CocoIndex parse(Path annotations) throws IOException {
    try (InputStream in = Files.newInputStream(annotations)) {
      return parse(annotations.toString(), in);
    }
  }

  public static CocoIndex parse(String source, InputStream in) throws IOException {
    Map<Long, String> fileNames = new HashMap<>();
    Map<Long, List<CocoCaption>> captions = new TreeMap<>();
    List<SourceRecord> problems = new ArrayList<>();
    boolean sawImages = false;
    boolean sawAnnotations = false;
    try (JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("expected a JSON object with 'images' and 'annotations', got " + parser.currentToken());
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("images") && value == JsonToken.START_ARRAY) {
          sawImages = true;
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            readImage(source, JSON.readTree(parser), index++, fileNames, problems);
          }
        } else if (field.equals("annotations") && value == JsonToken.START_ARRAY) {
          sawAnnotations = true;
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            readAnnotation(source, JSON.readTree(parser), index++, captions, problems);
          }
        } else {
          parser.skipChildren();
        }
      }
    }
    if (!sawImages || !sawAnnotations) {
      throw new IOException("COCO captions file needs arrays 'images' and 'annotations'; found images="
          + sawImages + ", annotations=" + sawAnnotations);
    }
    return assemble(source, fileNames, captions, problems);
  }

  private static void readImage(String source, JsonNode image, int index, Map<Long, String> fileNames,
      List<SourceRecord> problems) {
    JsonNode id = image.get("id");
    JsonNode fileName = image.get("file_name");
    if (id == null || !id.canConvertToLong() || fileName == null || !fileName.isTextual()) {
      problems.add(SourceRecord.rejected(source, "images[" + index + "]", RejectReason.MALFORMED_METADATA,
          "COCO image entry needs an integer 'id' and a string 'file_name', got " + abbreviate(image)));
    } else if (fileNames.putIfAbsent(id.asLong(), fileName.asText()) != null) {
      problems.add(SourceRecord.rejected(source, "images[" + index + "]", RejectReason.DUPLICATE_KEY,
          "COCO image id " + id.asLong() + " is listed twice; the first entry ('"
              + EntryNames.printable(fileNames.get(id.asLong())) + "') is used"));
    }
  }

  private static void readAnnotation(String source, JsonNode annotation, int index,
      Map<Long, List<CocoCaption>> captions, List<SourceRecord> problems) {
    JsonNode id = annotation.get("id");
    JsonNode imageId = annotation.get("image_id");
    JsonNode caption = annotation.get("caption");
    if (id == null || !id.canConvertToLong() || imageId == null || !imageId.canConvertToLong()) {
      problems.add(SourceRecord.rejected(source, "annotations[" + index + "]", RejectReason.MALFORMED_METADATA,
          "COCO annotation needs integer 'id' and 'image_id', got " + abbreviate(annotation)));
    } else if (caption == null || caption.isNull()) {
      problems.add(SourceRecord.rejected(source, "annotation " + id.asLong(), RejectReason.MISSING_CAPTION,
          "COCO annotation " + id.asLong() + " has no 'caption'"));
    } else if (!caption.isTextual()) {
      problems.add(SourceRecord.rejected(source, "annotation " + id.asLong(), RejectReason.MALFORMED_METADATA,
          "COCO annotation " + id.asLong() + " has a non-string 'caption': " + abbreviate(caption)));
    } else {
      captions.computeIfAbsent(imageId.asLong(), k -> new ArrayList<>()).add(new CocoCaption(id.asLong(), caption.asText()));
    }
  }

  private static CocoIndex assemble(String source, Map<Long, String> fileNames, Map<Long, List<CocoCaption>> captions,
      List<SourceRecord> problems) {
    List<CocoImage> images = new ArrayList<>();
    Map<Long, String> sortedNames = new TreeMap<>(fileNames);
    for (Map.Entry<Long, String> image : sortedNames.entrySet()) {
      List<CocoCaption> own = captions.getOrDefault(image.getKey(), List.of());
      if (own.isEmpty()) {
        problems.add(SourceRecord.rejected(source, EntryNames.printable(image.getValue()), RejectReason.MISSING_CAPTION,
            "COCO image " + image.getKey() + " has no caption annotation"));
      } else {
        List<CocoCaption> sorted = new ArrayList<>(own);
        sorted.sort(Comparator.comparingLong(CocoCaption::id));
        images.add(new CocoImage(image.getKey(), image.getValue(), sorted));
      }
    }
    Map<Long, List<CocoCaption>> orphans = new LinkedHashMap<>(captions);
    orphans.keySet().removeAll(fileNames.keySet());
    orphans.forEach((imageId, list) -> list.forEach(c -> problems.add(SourceRecord.rejected(source,
        "annotation " + c.id(), RejectReason.MISSING_IMAGE,
        "COCO annotation " + c.id() + " refers to image id " + imageId + ", which 'images' does not list"))));
    return new CocoIndex(source, images, problems);
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
