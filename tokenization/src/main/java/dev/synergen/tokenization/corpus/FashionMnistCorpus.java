package dev.synergen.tokenization.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.TokenizationErrors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * {@code synergen corpus fashion-mnist}: Zalando's Fashion-MNIST from Debian's pinned
 * {@code dataset-fashion-mnist} package (IDX files: 60,000 training and 10,000 test images of 28x28
 * grey pixels in 10 classes), written as WebDataset shards of {@code key.png}, {@code key.txt} (a
 * caption such as "a photo of an ankle boot") and {@code key.json} (label, class, source split).
 */
public final class FashionMnistCorpus {
  public static final DebianPackages.Pinned PACKAGE = new DebianPackages.Pinned("dataset-fashion-mnist",
      "0.0~git20200523.55506a9-1", "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0");
  static final Pattern MEMBER = Pattern.compile(
      "\\./usr/share/datasets/fashion-mnist/((?:train|t10k)-(?:images-idx3|labels-idx1)-ubyte\\.gz)");
  /** The dataset's class names, by label. */
  public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
      "Shirt", "Sneaker", "Bag", "Ankle boot");
  /** One caption per label, in the "a photo of a ..." form of zero-shot image classification prompts. */
  public static final List<String> CAPTIONS = List.of("a photo of a t-shirt", "a photo of trousers",
      "a photo of a pullover", "a photo of a dress", "a photo of a coat", "a photo of a sandal", "a photo of a shirt",
      "a photo of a sneaker", "a photo of a bag", "a photo of an ankle boot");
  public static final String MANIFEST = "CORPUS.json";
  /** The largest member, train-images, is 47 MB decompressed. */
  private static final long MAX_IDX_BYTES = 64L << 20;
  private static final String CORPUS = "corpus fashion-mnist";

  /** What was written: images per source split and per class, and the shard files. */
  public record Summary(int images, Map<String, Integer> perSplit, Map<String, Integer> perClass, List<Path> shards) {
    /** One line for the user: what was written under {@code dir}. */
    public String describe(Path dir) {
      return String.format(java.util.Locale.ROOT, "corpus fashion-mnist: %,d images in %d shards in %s (%s); per "
          + "class %s", images, shards.size(), dir, perSplit, perClass);
    }
  }

  private FashionMnistCorpus() {}

  /** Fetches (or reuses from {@code cache}) the package and writes at most {@code limit} images under {@code out}. */
  public static Summary fetch(Path out, Path cache, int limit, int perShard, PrintStream progress) throws IOException {
    if (limit <= 0 || perShard <= 0) {
      throw new IllegalArgumentException("limit and images per shard must be positive, got " + limit + " and "
          + perShard);
    }
    DebianPackages.requireTools(CORPUS);
    return fromDeb(DebianPackages.fetch(PACKAGE, cache, CORPUS, progress), out, limit, perShard, progress);
  }

  /** Reads the IDX files of a verified package file and writes the corpus. */
  static Summary fromDeb(Path deb, Path out, int limit, int perShard, PrintStream progress) throws IOException {
    Map<String, byte[]> members = new HashMap<>();
    DebianPackages.readMembers(deb, PACKAGE, MEMBER, MAX_IDX_BYTES, (m, body) -> members.put(m.group(1), body));
    List<Split> splits = List.of(split("train", "train", members), split("test", "t10k", members));
    return write(splits, out, limit, perShard, progress);
  }

  /** One source split: its images and labels, checked to agree. */
  record Split(String name, IdxArrays.Array images, IdxArrays.Array labels) {
    Split {
      if (images.count() != labels.count()) {
        throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, images.name() + " holds "
            + images.count() + " images but " + labels.name() + " " + labels.count() + " labels");
      }
      for (int i = 0; i < labels.count(); i++) {
        if (labels.label(i) >= CLASSES.size()) {
          throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, labels.name() + " has label "
              + labels.label(i) + " at " + i + "; Fashion-MNIST has " + CLASSES.size() + " classes");
        }
      }
    }
  }

  private static Split split(String name, String prefix, Map<String, byte[]> members) throws IOException {
    String imagesFile = prefix + "-images-idx3-ubyte.gz";
    String labelsFile = prefix + "-labels-idx1-ubyte.gz";
    for (String f : List.of(imagesFile, labelsFile)) {
      if (!members.containsKey(f)) {
        throw TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, PACKAGE.debFile() + " has no " + f
            + "; it is not the " + PACKAGE.name() + " package this corpus reads");
      }
    }
    return new Split(name, IdxArrays.read(imagesFile, members.get(imagesFile), 3, MAX_IDX_BYTES),
        IdxArrays.read(labelsFile, members.get(labelsFile), 1, MAX_IDX_BYTES));
  }

  /** Writes the first {@code limit} images (training split first) into shards of {@code perShard}, then the manifest. */
  static Summary write(List<Split> splits, Path out, int limit, int perShard, PrintStream progress) throws IOException {
    Files.createDirectories(out);
    List<Sample> samples = new ArrayList<>();
    for (Split s : splits) {
      for (int i = 0; i < s.images().count() && samples.size() < limit; i++) {
        samples.add(new Sample(s, i));
      }
    }
    List<Path> shards = new ArrayList<>();
    Map<String, Integer> perSplit = new LinkedHashMap<>();
    Map<String, Integer> perClass = new LinkedHashMap<>();
    CLASSES.forEach(c -> perClass.put(c, 0));
    for (int first = 0; first < samples.size(); first += perShard) {
      List<Sample> slice = samples.subList(first, Math.min(samples.size(), first + perShard));
      Path shard = out.resolve(String.format("fashion-mnist-%06d.tar", shards.size()));
      WebDatasetShards.write(shard, members -> {
        for (Sample sample : slice) {
          members.put(sample.key() + ".png", sample.png());
          members.put(sample.key() + ".txt", CAPTIONS.get(sample.label()).getBytes(StandardCharsets.UTF_8));
          members.put(sample.key() + ".json", sample.json());
        }
      });
      shards.add(shard);
      for (Sample sample : slice) {
        perSplit.merge(sample.split().name(), 1, Integer::sum);
        perClass.merge(CLASSES.get(sample.label()), 1, Integer::sum);
      }
      progress.printf("%s: shard %d, %d of %d images%n", CORPUS, shards.size(), first + slice.size(), samples.size());
    }
    Summary summary = new Summary(samples.size(), perSplit, perClass, shards);
    writeManifest(out, summary);
    return summary;
  }

  private record Sample(Split split, int index) {
    String key() {
      return String.format("%s-%05d", split.name(), index);
    }

    int label() {
      return split.labels().label(index);
    }

    byte[] png() throws IOException {
      IdxArrays.Array images = split.images();
      BufferedImage image = new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setDataElements(0, 0, images.cols(), images.rows(), images.item(index));
      // grey as it is (one 8-bit channel): ingest and tokenize decode any colour model to RGB
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      return png.toByteArray();
    }

    byte[] json() throws IOException {
      ObjectNode meta = new ObjectMapper().createObjectNode();
      meta.put("corpus", "fashion-mnist");
      meta.put("label", label());
      meta.put("class", CLASSES.get(label()));
      meta.put("source_split", split.name());
      meta.put("source_index", index);
      return new ObjectMapper().writeValueAsBytes(meta);
    }
  }

  private static void writeManifest(Path out, Summary summary) throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("package", Map.of("name", PACKAGE.name(), "version", PACKAGE.version(), "sha256", PACKAGE.sha256()));
    manifest.put("images", summary.images());
    manifest.put("per_split", summary.perSplit());
    manifest.put("per_class", summary.perClass());
    manifest.put("shards", summary.shards().stream().map(p -> p.getFileName().toString()).toList());
    AtomicFiles.writeString(out.resolve(MANIFEST), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(manifest));
  }
}
