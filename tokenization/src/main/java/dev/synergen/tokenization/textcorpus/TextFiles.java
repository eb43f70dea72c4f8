package dev.synergen.tokenization.textcorpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.ingest.EntryNames;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists text corpus files on the driver and groups them into Spark tasks by size. Paths the user
 * names are followed even when they are links ({@code /usr/share/dict/words} is one); inside a
 * directory, links, special files and hidden or unprintable names are refused with {@code
 * UNSAFE_PATH} and never read. Files the format does not read become {@code UNSUPPORTED_FILE}.
 *
 * <p>Files are read with java.nio: inputs must be on a local or shared POSIX file system.
 */
public final class TextFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TextFiles() {}

  /** A refusal found while listing. */
  record Refusal(String source, RejectReason reason, String detail) {}

  public static TextIngestPlan plan(TextIngestConfig config) {
    Map<String, Long> files = new TreeMap<>(); // by path: an input named twice is read once
    Map<String, Refusal> refused = new TreeMap<>();
    for (String input : config.inputs()) {
      Path named = localPath(input);
      if (!Files.exists(named)) {
        throw TokenizationErrors.error(TokenizationErrors.INGEST_INPUT_MISSING, "text input " + input
            + " does not exist");
      }
      try {
        Path root = named.toRealPath(); // the user named it: follow it once, then read it as what it is
        if (Files.isDirectory(root)) {
          walk(root, config.format(), files, refused);
        } else {
          add(root, root.getFileName().toString(), Files.isRegularFile(root) ? null : "not a regular file",
              Files.size(root), config.format(), files, refused);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("listing text input " + input + " failed", e);
      }
    }
    if (files.isEmpty() && refused.isEmpty()) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_NO_INPUT_FILES, "no files under " + config.inputs()
          + "; check the path");
    }
    List<String> units = new ArrayList<>();
    if (!refused.isEmpty()) {
      ObjectNode unit = JSON.createObjectNode();
      ArrayNode list = unit.putArray("refused");
      refused.values().forEach(r -> list.addObject().put("source", r.source()).put("reason", r.reason().name())
          .put("detail", r.detail()));
      units.add(unit.toString());
    }
    ArrayNode current = null;
    long bytes = 0;
    for (Map.Entry<String, Long> f : files.entrySet()) {
      if (current == null || (bytes + f.getValue() > config.bytesPerTask() && !current.isEmpty())) {
        if (current != null) {
          units.add(JSON.createObjectNode().set("files", current).toString());
        }
        current = JSON.createArrayNode();
        bytes = 0;
      }
      current.add(f.getKey());
      bytes += f.getValue();
    }
    if (current != null) {
      units.add(JSON.createObjectNode().set("files", current).toString());
    }
    return new TextIngestPlan(config.format(), units, files.size(), refused.size());
  }

  private static void walk(Path root, TextFormat format, Map<String, Long> files, Map<String, Refusal> refused)
      throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) {
          return FileVisitResult.CONTINUE;
        }
        String why = EntryNames.unsafeBecause(relative(root, dir));
        if (why != null) {
          refused.put(dir.toString(), new Refusal(EntryNames.printable(dir.toString()), RejectReason.UNSAFE_PATH,
              why + "; the directory was not read"));
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String why = EntryNames.unsafeBecause(relative(root, file));
        if (why == null && attrs.isSymbolicLink()) {
          why = "the file is a symbolic link; links inside an input directory are not followed";
        } else if (why == null && !attrs.isRegularFile()) {
          why = "not a regular file";
        }
        add(file, file.getFileName().toString(), why, attrs.size(), format, files, refused);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        refused.put(file.toString(), new Refusal(EntryNames.printable(file.toString()),
            RejectReason.UNREADABLE_SOURCE, "cannot list or open: " + e));
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void add(Path file, String name, String unsafe, long size, TextFormat format,
      Map<String, Long> files, Map<String, Refusal> refused) {
    String source = file.toString();
    if (unsafe != null) {
      refused.put(source, new Refusal(EntryNames.printable(source), RejectReason.UNSAFE_PATH, unsafe));
    } else if (format.refusesFile(name) != null) {
      refused.put(source, new Refusal(source, RejectReason.UNSUPPORTED_FILE, format.refusesFile(name)));
    } else {
      files.put(source, size);
    }
  }

  private static String relative(Path root, Path path) {
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  static Path localPath(String input) {
    if (input.startsWith("file:")) {
      return Path.of(URI.create(input)).toAbsolutePath().normalize();
    }
    if (input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_INPUT_NOT_LOCAL, "text corpora are read with java.nio"
          + " and must be on a local or shared POSIX file system, got " + input + "; copy them to one first");
    }
    return Path.of(input).toAbsolutePath().normalize();
  }

  /** The files and planning refusals of one unit, as {@link ReadTextFiles} reads them. */
  static List<TextRecord> refusals(JsonNode unit) {
    List<TextRecord> out = new ArrayList<>();
    for (JsonNode r : unit.path("refused")) {
      out.add(TextRecord.refused(r.path("source").asText(), TextRecord.WHOLE_SOURCE,
          RejectReason.valueOf(r.path("reason").asText()), r.path("detail").asText()));
    }
    return out;
  }

  static List<String> files(JsonNode unit) {
    List<String> out = new ArrayList<>();
    unit.path("files").forEach(f -> out.add(f.asText()));
    return out;
  }

  static JsonNode parse(String unit) {
    try {
      return JSON.readTree(unit);
    } catch (IOException e) {
      throw new IllegalStateException("text ingest unit is not the JSON the driver wrote: " + unit, e);
    }
  }

  /** Opens a file for reading without following a link that appeared since listing. */
  static java.io.InputStream open(String path) throws IOException {
    return Files.newInputStream(Path.of(path), LinkOption.NOFOLLOW_LINKS);
  }
}
