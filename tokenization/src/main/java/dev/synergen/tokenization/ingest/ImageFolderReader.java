package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a folder of images with sidecar captions: {@code a/x.jpg} + {@code a/x.txt} (+ optional
 * {@code a/x.json}) is the sample with key {@code a/x}, the relative path up to the last dot.
 *
 * <p>Listing ({@link #listSamples}) touches only names and is cheap; reading loads one sample at a
 * time, so a driver can list and hand slices of the list to executors. Symbolic links are never
 * followed: they become {@code UNSAFE_PATH} records.
 */
public final class ImageFolderReader implements CorpusReader {
  /** One sample of the folder: its key and member paths relative to the root, or why its name is unsafe. */
  public record FolderSample(String key, List<String> members, String unsafeBecause) {
    public FolderSample {
      members = List.copyOf(members);
    }
  }

  private final Path root;
  private final String source;
  private final ReaderLimits limits;
  private final Iterator<FolderSample> samples;

  public ImageFolderReader(Path root, List<FolderSample> samples, ReaderLimits limits) {
    this.root = root;
    this.source = root.toString();
    this.limits = limits;
    this.samples = samples.iterator();
  }

  /** Lists and reads the whole folder; a folder that cannot be listed yields one {@code UNREADABLE_SOURCE} record. */
  public static CorpusReader open(Path root, ReaderLimits limits) {
    try {
      return new ImageFolderReader(root, listSamples(root), limits);
    } catch (IOException | UncheckedIOException e) {
      return SingleRecordReader.of(SourceRecord.rejected(root.toString(), SourceRecord.WHOLE_SOURCE,
          RejectReason.UNREADABLE_SOURCE, "cannot list image folder: " + e));
    }
  }

  /** All samples under {@code root}, sorted by key; directories are walked, links are not followed. */
  public static List<FolderSample> listSamples(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("not a directory: " + root);
    }
    Map<String, List<String>> members = new TreeMap<>();
    Map<String, String> unsafe = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (path.equals(root) || attributes.isDirectory()) {
          continue;
        }
        String relative = root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
        String why = EntryNames.unsafeBecause(relative);
        if (why == null && !attributes.isRegularFile()) {
          why = attributes.isSymbolicLink() ? "file is a symbolic link; links are not followed" : "not a regular file";
        }
        if (why != null) {
          unsafe.put(EntryNames.printable(relative), why);
        } else {
          members.computeIfAbsent(keyOf(relative), k -> new ArrayList<>()).add(relative);
        }
      }
    }
    List<FolderSample> samples = new ArrayList<>();
    members.forEach((key, files) -> samples.add(new FolderSample(key, files.stream().sorted().toList(), null)));
    unsafe.forEach((name, why) -> samples.add(new FolderSample(name, List.of(), why)));
    samples.sort(java.util.Comparator.comparing(FolderSample::key));
    return samples;
  }

  private static String keyOf(String relative) {
    int slash = relative.lastIndexOf('/');
    int dot = relative.lastIndexOf('.');
    return dot > slash ? relative.substring(0, dot) : relative;
  }

  private static String extensionOf(String relative) {
    int slash = relative.lastIndexOf('/');
    int dot = relative.lastIndexOf('.');
    return dot > slash ? relative.substring(dot + 1) : "";
  }

  @Override
  public boolean hasNext() {
    return samples.hasNext();
  }

  @Override
  public SourceRecord next() {
    if (!samples.hasNext()) {
      throw new NoSuchElementException("folder " + source + " has no more samples");
    }
    FolderSample sample = samples.next();
    if (sample.unsafeBecause() != null) {
      return SourceRecord.rejected(source, sample.key(), RejectReason.UNSAFE_PATH,
          sample.unsafeBecause() + ": '" + sample.key() + "'");
    }
    SampleBuilder builder = new SampleBuilder(source, sample.key());
    for (String member : sample.members()) {
      String extension = extensionOf(member);
      MemberKind kind = MemberKind.of(extension);
      if (builder.isRejected() || kind == MemberKind.OTHER) {
        continue;
      }
      long limit = limits.maxBytes(kind);
      try {
        Path file = root.resolve(member);
        long size = Files.size(file);
        if (size > limit) {
          builder.rejectTooLarge(member, size, limit, kind);
          continue;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
          byte[] bytes = in.readNBytes((int) limit + 1);
          if (bytes.length > limit) {
            builder.rejectTooLarge(member, bytes.length, limit, kind); // grew after listing
          } else {
            builder.add(member, extension, bytes);
          }
        }
      } catch (IOException e) {
        builder.reject(RejectReason.UNREADABLE_SOURCE, "cannot read " + member + ": " + e);
      }
    }
    return builder.build();
  }

  @Override
  public void close() {}
}
