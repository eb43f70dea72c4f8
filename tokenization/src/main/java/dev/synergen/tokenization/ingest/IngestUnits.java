package dev.synergen.tokenization.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.ingest.CocoCaptions.CocoCaption;
import dev.synergen.tokenization.ingest.CocoCaptions.CocoImage;
import dev.synergen.tokenization.ingest.CocoCaptions.CocoIndex;
import dev.synergen.tokenization.reject.RejectReason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Plans ingest work on the driver and opens it on executors. A unit is a small JSON document (a
 * shard path, or the names of a slice of a folder or COCO index): the driver lists names, never
 * reads image bytes, and each executor streams its unit's bytes itself.
 *
 * <p>Tar shards and parquet files are opened through Hadoop's FileSystem (local, HDFS, S3...).
 * Folder and COCO corpora are read with java.nio and must be on a local or shared POSIX file system.
 */
public final class IngestUnits {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestUnits() {}

  public static IngestPlan plan(IngestConfig config, Configuration hadoop) {
    try {
      IngestFormat format = config.format() != null ? config.format() : detect(config.inputs(), hadoop);
      return switch (format) {
        case WEBDATASET -> shardsPlan(config.inputs(), hadoop);
        case PARQUET -> filesPlan(format, config.inputs(), ".parquet", hadoop);
        case FOLDER -> folderPlan(config);
        case COCO -> cocoPlan(config);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("listing ingest inputs " + config.inputs() + " failed", e);
    }
  }

  /** WebDataset if the inputs hold tar shards, parquet if .parquet, COCO for a .json file, else an image folder. */
  static IngestFormat detect(List<String> inputs, Configuration hadoop) throws IOException {
    int tars = 0;
    int parquets = 0;
    for (String input : inputs) {
      for (FileStatus file : listFiles(input, hadoop)) {
        String name = file.getPath().getName().toLowerCase(Locale.ROOT);
        tars += ShardFiles.isShard(name) || ShardFiles.unsupportedCompression(name) != null ? 1 : 0;
        parquets += name.endsWith(".parquet") ? 1 : 0;
      }
    }
    if (tars > 0 && parquets > 0) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_FORMAT_AMBIGUOUS, "inputs " + inputs + " hold " + tars + " tar and " + parquets
          + " .parquet files; pass --format webdataset or --format parquet");
    }
    if (tars > 0) {
      return IngestFormat.WEBDATASET;
    }
    if (parquets > 0) {
      return IngestFormat.PARQUET;
    }
    if (inputs.size() == 1 && inputs.get(0).toLowerCase(Locale.ROOT).endsWith(".json")) {
      return IngestFormat.COCO;
    }
    return IngestFormat.FOLDER;
  }

  private static IngestPlan filesPlan(IngestFormat format, List<String> inputs, String suffix, Configuration hadoop)
      throws IOException {
    List<String> units = new ArrayList<>();
    for (String input : inputs) {
      for (FileStatus file : listFiles(input, hadoop)) {
        if (file.getPath().getName().toLowerCase(Locale.ROOT).endsWith(suffix)) {
          units.add(file.getPath().toString());
        }
      }
    }
    if (units.isEmpty()) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_NO_INPUT_FILES, "no " + suffix + " files under " + inputs + " for format "
          + format.word() + "; check the path or pass another --format");
    }
    return new IngestPlan(format, units, units.size());
  }

  /**
   * One unit per tar shard ({@code .tar}, {@code .tar.gz}, {@code .tgz}); tar archives in another
   * compression are units too, each of which is refused by name, so they count as input.
   */
  private static IngestPlan shardsPlan(List<String> inputs, Configuration hadoop) throws IOException {
    List<String> units = new ArrayList<>();
    for (String input : inputs) {
      for (FileStatus file : listFiles(input, hadoop)) {
        String name = file.getPath().getName();
        String compression = ShardFiles.unsupportedCompression(name);
        if (ShardFiles.isShard(name)) {
          units.add(shardUnit(file.getPath().toString()));
        } else if (compression != null) {
          units.add(JSON.createObjectNode().put("kind", "records").put("source", file.getPath().toString())
              .set("records", JSON.createArrayNode().add(JSON.createObjectNode().put("key", SourceRecord.WHOLE_SOURCE)
                  .put("reason", RejectReason.UNREADABLE_SOURCE.name()).put("detail", "a " + compression
                      + "-compressed tar; only .tar, .tar.gz and .tgz shards are read: decompress or re-compress"
                      + " it with gzip"))).toString());
        }
      }
    }
    if (units.isEmpty()) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_NO_INPUT_FILES, "no .tar, .tar.gz or .tgz files under "
          + inputs + " for format webdataset; check the path or pass another --format");
    }
    return new IngestPlan(IngestFormat.WEBDATASET, units, units.size());
  }

  /** Regular files of {@code input} (itself, or everything below it), sorted by path. */
  private static List<FileStatus> listFiles(String input, Configuration hadoop) throws IOException {
    Path path = new Path(input);
    FileSystem fs = path.getFileSystem(hadoop);
    if (!fs.exists(path)) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_INPUT_MISSING, "ingest input " + input + " does not exist");
    }
    List<FileStatus> files = new ArrayList<>();
    FileStatus status = fs.getFileStatus(path);
    if (status.isFile()) {
      files.add(status);
    } else {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
      while (it.hasNext()) {
        files.add(it.next());
      }
    }
    files.sort(java.util.Comparator.comparing(f -> f.getPath().toString()));
    return files;
  }

  static String shardUnit(String path) {
    return JSON.createObjectNode().put("kind", "shard").put("path", path).toString();
  }

  private static IngestPlan folderPlan(IngestConfig config) throws IOException {
    List<String> units = new ArrayList<>();
    for (String input : config.inputs()) {
      java.nio.file.Path root = localPath(input);
      List<ImageFolderReader.FolderSample> samples = ImageFolderReader.listSamples(root);
      for (int start = 0; start < samples.size(); start += config.samplesPerTask()) {
        ObjectNode unit = JSON.createObjectNode().put("kind", "folder").put("root", root.toString());
        ArrayNode list = unit.putArray("samples");
        for (ImageFolderReader.FolderSample s : samples.subList(start, Math.min(samples.size(), start + config.samplesPerTask()))) {
          ObjectNode node = list.addObject().put("key", s.key()).put("unsafe", s.unsafeBecause());
          s.members().forEach(node.putArray("members")::add);
        }
        units.add(unit.toString());
      }
    }
    return new IngestPlan(IngestFormat.FOLDER, units, config.inputs().size());
  }

  private static IngestPlan cocoPlan(IngestConfig config) throws IOException {
    if (config.cocoImages() == null) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_COCO_IMAGES_REQUIRED, "a COCO captions file needs its image folder: set --coco-images"
          + " (ingest.coco_images)");
    }
    List<String> units = new ArrayList<>();
    String imagesRoot = localPath(config.cocoImages()).toString();
    for (String input : config.inputs()) {
      CocoIndex index = CocoCaptions.parse(localPath(input));
      if (!index.problems().isEmpty()) {
        ObjectNode unit = JSON.createObjectNode().put("kind", "records").put("source", index.source());
        ArrayNode records = unit.putArray("records");
        for (SourceRecord r : index.problems()) {
          records.addObject().put("key", r.sourceKey()).put("reason", r.readerError().reason().name())
              .put("detail", r.readerError().detail());
        }
        units.add(unit.toString());
      }
      List<CocoImage> images = index.images();
      int perTask = Math.max(1, config.samplesPerTask() / 5); // COCO images carry ~5 captions each
      for (int start = 0; start < images.size(); start += perTask) {
        ObjectNode unit = JSON.createObjectNode().put("kind", "coco").put("source", index.source())
            .put("images_root", imagesRoot);
        ArrayNode list = unit.putArray("images");
        for (CocoImage image : images.subList(start, Math.min(images.size(), start + perTask))) {
          ObjectNode node = list.addObject().put("id", image.id()).put("file_name", image.fileName());
          ArrayNode captions = node.putArray("captions");
          image.captions().forEach(c -> captions.addObject().put("id", c.id()).put("text", c.text()));
        }
        units.add(unit.toString());
      }
    }
    return new IngestPlan(IngestFormat.COCO, units, config.inputs().size());
  }

  static java.nio.file.Path localPath(String input) {
    if (input.startsWith("file:")) {
      return java.nio.file.Path.of(URI.create(input));
    }
    if (input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw TokenizationErrors.error(TokenizationErrors.INGEST_INPUT_NOT_LOCAL, "folder and COCO corpora are read with java.nio and must be on a local"
          + " or shared POSIX file system, got " + input + "; pack them as WebDataset shards for object stores");
    }
    return java.nio.file.Path.of(input).toAbsolutePath().normalize();
  }

  /** Opens a unit on an executor; a shard that cannot be opened becomes one {@code UNREADABLE_SOURCE} record. */
  static CorpusReader open(String unit, ReaderLimits limits, Configuration hadoop) {
    JsonNode node;
    try {
      node = JSON.readTree(unit);
    } catch (IOException e) {
      throw new IllegalStateException("ingest unit is not the JSON the driver wrote: " + unit, e);
    }
    String kind = node.path("kind").asText();
    return new UniqueKeys(switch (kind) {
      case "shard" -> openShard(node.path("path").asText(), limits, hadoop);
      case "folder" -> new ImageFolderReader(java.nio.file.Path.of(node.path("root").asText()), folderSamples(node),
          limits);
      case "coco" -> new CocoCaptionsReader(node.path("source").asText(), List.of(), cocoImages(node),
          java.nio.file.Path.of(node.path("images_root").asText()), limits);
      case "records" -> new CocoCaptionsReader(node.path("source").asText(), records(node), List.of(),
          java.nio.file.Path.of("."), limits);
      default -> throw new IllegalStateException("unknown ingest unit kind '" + kind + "'");
    });
  }

  private static CorpusReader openShard(String path, ReaderLimits limits, Configuration hadoop) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoop);
      return new WebDatasetShardReader(path,
          ShardFiles.decompressed(path, new BufferedInputStream(fs.open(p), 1 << 16)), limits);
    } catch (IOException e) {
      return SingleRecordReader.of(SourceRecord.rejected(path, SourceRecord.WHOLE_SOURCE,
          RejectReason.UNREADABLE_SOURCE, "cannot open tar shard: " + e));
    }
  }

  private static List<ImageFolderReader.FolderSample> folderSamples(JsonNode unit) {
    List<ImageFolderReader.FolderSample> samples = new ArrayList<>();
    for (JsonNode s : unit.path("samples")) {
      List<String> members = new ArrayList<>();
      s.path("members").forEach(m -> members.add(m.asText()));
      samples.add(new ImageFolderReader.FolderSample(s.path("key").asText(), members,
          s.path("unsafe").isNull() || s.path("unsafe").isMissingNode() ? null : s.path("unsafe").asText()));
    }
    return samples;
  }

  private static List<CocoImage> cocoImages(JsonNode unit) {
    List<CocoImage> images = new ArrayList<>();
    for (JsonNode i : unit.path("images")) {
      List<CocoCaption> captions = new ArrayList<>();
      i.path("captions").forEach(c -> captions.add(new CocoCaption(c.path("id").asLong(), c.path("text").asText())));
      images.add(new CocoImage(i.path("id").asLong(), i.path("file_name").asText(), captions));
    }
    return images;
  }

  private static List<SourceRecord> records(JsonNode unit) {
    List<SourceRecord> records = new ArrayList<>();
    String source = unit.path("source").asText();
    for (JsonNode r : unit.path("records")) {
      records.add(SourceRecord.rejected(source, r.path("key").asText(), RejectReason.valueOf(r.path("reason").asText()),
          r.path("detail").asText()));
    }
    return records;
  }
}
