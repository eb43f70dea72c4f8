package dev.synergen.tokenization.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.fixtures.ShardMembers;
import dev.synergen.tokenization.fixtures.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corpus emoji} on tarballs laid out like the npm packages: each style's images become
 * samples captioned with emojibase's English name and keywords, skin tones included; an image
 * without a name or a file is listed, not dropped; a tarball with another integrity is refused.
 * (The real packages are fetched and ingested by hand: README, "Real image corpora".)
 */
class EmojiCorpusTest {
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private static final String DATASOURCE = """
      [{"unified": "1F44B", "image": "1f44b.png", "sort_order": 2, "has_img_google": true, "has_img_twitter": true,
        "skin_variations": {"1F3FB": {"unified": "1F44B-1F3FB", "image": "1f44b-1f3fb.png", "has_img_google": true,
                                      "has_img_twitter": false}}},
       {"unified": "2764-FE0F", "non_qualified": "2764", "image": "2764-fe0f.png", "sort_order": 1,
        "has_img_google": true, "has_img_twitter": true},
       {"unified": "1FAE9", "image": "1fae9.png", "sort_order": 3, "has_img_google": true, "has_img_twitter": true},
       {"unified": "1F600", "image": "1f600.png", "sort_order": 4, "has_img_google": false, "has_img_twitter": true}]
      """;
  private static final String NAMES = """
      [{"label": "waving hand", "hexcode": "1F44B", "tags": ["hand", "wave", "waving"],
        "skins": [{"label": "waving hand: light skin tone", "hexcode": "1F44B-1F3FB"}]},
       {"label": "red heart", "hexcode": "2764", "tags": ["heart", "love", "red heart", "emotion", "red", "valentine"]},
       {"label": "grinning face", "hexcode": "1F600", "tags": []}]
      """;

  @TempDir Path dir;

  @Test
  void everyImageOfEachStyleIsCaptionedWithItsEnglishNameAndKeywords() throws Exception {
    Path names = tgz("names.tgz", Map.of("package/en/data.json", NAMES.getBytes(StandardCharsets.UTF_8)));
    Path google = images("google", List.of("1f44b", "1f44b-1f3fb", "2764-fe0f"));
    Path twitter = images("twitter", List.of("1f44b", "2764-fe0f", "1fae9", "1f600"));

    EmojiCorpus.Summary summary = EmojiCorpus.fromTarballs(names, List.of(google, twitter), dir.resolve("out"), 100,
        2, QUIET);

    assertEquals(Map.of("google", 3, "twitter", 3), summary.perStyle());
    assertEquals(List.of("google/1fae9: no 64 px image in the package",
        "twitter/1fae9: emojibase-data has no English name for 1FAE9"), summary.notWritten());
    Map<String, byte[]> members = ShardMembers.read(summary.shards());
    assertEquals(List.of("google-2764-fe0f", "google-1f44b", "google-1f44b-1f3fb", "twitter-2764-fe0f",
        "twitter-1f44b", "twitter-1f600"), members.keySet().stream().filter(k -> k.endsWith(".txt"))
        .map(k -> k.substring(0, k.length() - 4)).toList(), "in the package's sort order, skin tones after their emoji");
    assertEquals("red heart (heart, love, emotion, red)", text(members.get("google-2764-fe0f.txt")),
        "found by its unqualified code point; the tag equal to the name left out; at most 4 keywords");
    assertEquals("waving hand: light skin tone (hand, wave, waving)", text(members.get("google-1f44b-1f3fb.txt")));
    assertEquals("grinning face", text(members.get("twitter-1f600.txt")));
    JsonNode meta = new ObjectMapper().readTree(members.get("twitter-1f44b.json"));
    assertEquals("twitter", meta.get("style").asText());
    assertEquals("1F44B", meta.get("hexcode").asText());
    assertEquals("emoji:1F44B", meta.get("split_group").asText(), "one split for the emoji in every style");
    assertEquals("emoji:1F44B", new ObjectMapper().readTree(members.get("google-1f44b-1f3fb.json"))
        .get("split_group").asText(), "a skin tone is held out with its emoji");
    assertEquals(4, summary.shards().size(), "3 images a style at 2 per shard");

    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out").resolve(EmojiCorpus.MANIFEST).toFile());
    assertEquals(6, manifest.get("images").asInt());
    assertEquals(2, manifest.get("not_written").size());
  }

  @Test
  void aTarballWithAnotherIntegrityIsRefusedAndMalformedListsAreOneLineErrors() throws Exception {
    Path names = tgz("names.tgz", Map.of("package/en/data.json", NAMES.getBytes(StandardCharsets.UTF_8)));
    PipelineException tampered = assertThrows(PipelineException.class,
        () -> NpmPackages.verify(names, EmojiCorpus.NAMES_PACKAGE));
    assertEquals(TokenizationErrors.CORPUS_CHECKSUM_MISMATCH.code(), tampered.errorClass());
    assertTrue(tampered.getMessage().contains("delete it from the cache"), tampered.getMessage());

    Path notJson = tgz("bad.tgz", Map.of("package/en/data.json", "[{\"label\": ".getBytes(StandardCharsets.UTF_8)));
    PipelineException bad = assertThrows(PipelineException.class, () -> EmojiCorpus.fromTarballs(notJson,
        List.of(images("google", List.of("1f44b"))), dir.resolve("out"), 10, 10, QUIET));
    assertEquals(TokenizationErrors.CORPUS_FETCH_FAILED.code(), bad.errorClass());
    assertTrue(bad.getMessage().contains("emojibase-data/data.json is not valid JSON"), bad.getMessage());
    assertEquals(1, bad.getMessage().lines().count(), bad.getMessage());

    Path noTar = Files.writeString(dir.resolve("plain.tgz"), "not gzip");
    PipelineException notTgz = assertThrows(PipelineException.class, () -> EmojiCorpus.fromTarballs(noTar,
        List.of(), dir.resolve("out2"), 10, 10, QUIET));
    assertTrue(notTgz.getMessage().contains("as a gzipped tar"), notTgz.getMessage());
  }

  @Test
  void onlyImagesUnderTheStylesOwnFolderAreTaken() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("package/emoji.json", DATASOURCE.getBytes(StandardCharsets.UTF_8));
    files.put("package/img/google/64/../../../evil/1f44b.png", TestImages.png(4, 4));
    files.put("package/img/google/32/2764-fe0f.png", TestImages.png(4, 4));
    files.put("package/img/google/64/2764-fe0f.png", TestImages.png(64, 64));
    Path names = tgz("names.tgz", Map.of("package/en/data.json", NAMES.getBytes(StandardCharsets.UTF_8)));

    EmojiCorpus.Summary summary = EmojiCorpus.fromTarballs(names, List.of(tgz("google.tgz", files)),
        dir.resolve("out"), 100, 10, QUIET);

    assertEquals(Map.of("google", 1), summary.perStyle());
    assertTrue(summary.notWritten().contains("google/1f44b: no 64 px image in the package"), summary.notWritten().toString());
    assertEquals(List.of("emoji-google-000000.tar"), Files.list(dir.resolve("out")).map(p -> p.getFileName().toString())
        .filter(n -> n.endsWith(".tar")).toList());
  }

  /** A datasource tarball of {@code style} holding emoji.json and 64 px PNGs of these code points. */
  private Path images(String style, List<String> codes) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("package/emoji.json", DATASOURCE.getBytes(StandardCharsets.UTF_8));
    for (String code : codes) {
      files.put("package/img/" + style + "/64/" + code + ".png", TestImages.png(64, 64));
    }
    return tgz(style + ".tgz", files);
  }

  private Path tgz(String name, Map<String, byte[]> files) throws IOException {
    Path out = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(f.getKey(), true);
        entry.setSize(f.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
