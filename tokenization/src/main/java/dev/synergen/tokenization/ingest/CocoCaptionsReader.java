package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.ingest.CocoCaptions.CocoCaption;
import dev.synergen.tokenization.ingest.CocoCaptions.CocoImage;
import dev.synergen.tokenization.ingest.CocoCaptions.CocoIndex;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Yields one record per COCO caption annotation (key {@code file_name#annotation_id}), loading each
 * image once for all its captions, after the refused entries of the index.
 *
 * <p>File names are resolved under the image folder only if they pass the same checks as tar entry
 * names (no absolute paths, no {@code ..}); links are not followed.
 */
public final class CocoCaptionsReader implements CorpusReader {
  private final String source;
  private final Path imageRoot;
  private final ReaderLimits limits;
  private final Iterator<CocoImage> images;
  private final Deque<SourceRecord> ready = new ArrayDeque<>();

  /** Reads {@code images} (a whole index or a slice of it) after emitting {@code problems}. */
  public CocoCaptionsReader(String source, List<SourceRecord> problems, List<CocoImage> images, Path imageRoot,
      ReaderLimits limits) {
    this.source = source;
    this.imageRoot = imageRoot;
    this.limits = limits;
    this.images = images.iterator();
    this.ready.addAll(problems);
  }

  /** Parses the annotations and reads every image; an unparseable file yields one {@code UNREADABLE_SOURCE} record. */
  public static CorpusReader open(Path annotations, Path imageRoot, ReaderLimits limits) {
    try {
      CocoIndex index = CocoCaptions.parse(annotations);
      return new CocoCaptionsReader(index.source(), index.problems(), index.images(), imageRoot, limits);
    } catch (IOException | RuntimeException e) {
      return SingleRecordReader.of(SourceRecord.rejected(annotations.toString(), SourceRecord.WHOLE_SOURCE,
          RejectReason.UNREADABLE_SOURCE, "cannot parse COCO captions file: " + e.getMessage()));
    }
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && images.hasNext()) {
      readImage(images.next());
    }
    return !ready.isEmpty();
  }

  @Override
  public SourceRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("COCO source " + source + " has no more captions");
    }
    return ready.removeFirst();
  }

  private void readImage(CocoImage image) {
    String fileName = image.fileName();
    String unsafe = EntryNames.unsafeBecause(fileName);
    if (unsafe != null) {
      rejectAll(image, RejectReason.UNSAFE_PATH, unsafe + ": '" + EntryNames.printable(fileName) + "'");
      return;
    }
    byte[] bytes;
    try {
      Path file = imageRoot.resolve(fileName);
      if (Files.exists(file) && !file.toRealPath().startsWith(imageRoot.toRealPath())) {
        rejectAll(image, RejectReason.UNSAFE_PATH, "image " + EntryNames.printable(fileName)
            + " resolves outside the image folder through a symbolic link");
        return;
      }
      long size = Files.size(file);
      if (size > limits.maxMemberBytes()) {
        rejectAll(image, RejectReason.FILE_TOO_LARGE, "image " + fileName + " has " + size + " bytes, limit is "
            + limits.maxMemberBytes());
        return;
      }
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes((int) limits.maxMemberBytes() + 1);
      }
      if (bytes.length > limits.maxMemberBytes()) {
        rejectAll(image, RejectReason.FILE_TOO_LARGE, "image " + fileName + " grew to over "
            + limits.maxMemberBytes() + " bytes while being read");
        return;
      }
    } catch (NoSuchFileException e) {
      rejectAll(image, RejectReason.MISSING_IMAGE, "image file " + fileName + " of COCO image " + image.id()
          + " does not exist under " + imageRoot);
      return;
    } catch (IOException e) {
      rejectAll(image, RejectReason.UNREADABLE_SOURCE, "cannot read image " + fileName + ": " + e);
      return;
    }
    String extension = extensionOf(fileName);
    for (CocoCaption caption : image.captions()) {
      String key = keyOf(image, caption);
      try {
        byte[] text = encodeStrictly(caption.text());
        byte[] metadata = ("{\"image_id\":" + image.id() + ",\"annotation_id\":" + caption.id() + "}")
            .getBytes(StandardCharsets.UTF_8);
        ready.addLast(SourceRecord.sample(source, key, bytes, extension, text, metadata));
      } catch (CharacterCodingException e) {
        ready.addLast(SourceRecord.rejected(source, key, RejectReason.CAPTION_BAD_UTF8,
            "COCO caption " + caption.id() + " holds an unpaired surrogate escape; it has no UTF-8 encoding"));
      }
    }
  }

  private void rejectAll(CocoImage image, RejectReason reason, String detail) {
    for (CocoCaption caption : image.captions()) {
      ready.addLast(SourceRecord.rejected(source, keyOf(image, caption), reason, detail));
    }
  }

  private static String keyOf(CocoImage image, CocoCaption caption) {
    return EntryNames.printable(image.fileName()) + "#" + caption.id();
  }

  private static String extensionOf(String fileName) {
    int slash = fileName.lastIndexOf('/');
    int dot = fileName.lastIndexOf('.');
    return dot > slash ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  private static byte[] encodeStrictly(String text) throws CharacterCodingException {
    ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .encode(CharBuffer.wrap(text));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  @Override
  public void close() {}
}
